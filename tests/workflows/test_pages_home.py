"""The co-realisation part of the home page, the navigation and "Mes tâches"."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.workflows.page_helpers import text
from workflows.models import Proposal

# persona -> programme pages in its navigation, and pages that must not be there.
NAVIGATION = [
    ("assoc_paris", ["proposal_list", "proposal_create", "call_list"], ["screening_queue"]),
    (
        "officer",
        ["proposal_list", "screening_queue", "execution_queue", "committee_queue"],
        ["proposal_create", "finance_queue", "review_queue"],
    ),
    ("evaluator1", ["review_queue"], ["screening_queue", "committee_queue"]),
    ("committee", ["committee_queue"], ["screening_queue", "finance_queue"]),
    ("finance", ["finance_queue"], ["screening_queue", "committee_queue"]),
    ("auditor", ["proposal_list", "execution_queue", "finance_queue"], ["proposal_create"]),
    ("caseworker1", [], ["proposal_list", "call_list"]),
    ("focal_paris", [], ["proposal_list", "call_list"]),
]


@pytest.mark.parametrize(("persona", "present", "absent"), NAVIGATION)
def test_the_navigation_offers_the_programme_pages_of_each_role_only(
    request: pytest.FixtureRequest, persona: str, present: list[str], absent: list[str]
) -> None:
    client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
    content = client.get(reverse("home")).content.decode()
    for name in present:
        assert f'href="{reverse(f"workflows:{name}")}"' in content, name
    for name in absent:
        assert f'href="{reverse(f"workflows:{name}")}"' not in content, name
    assert f'href="{reverse("tasks")}"' in content


def test_the_members_home_lists_its_projects_and_its_tasks(
    client_for: Any, assoc_paris: Any, in_execution: Proposal
) -> None:
    page = text(client_for(assoc_paris).get(reverse("home")))
    assert "Mes projets" in page and in_execution.reference in page
    assert "Mes tâches" in page and "Demander la tranche n° 1" in page
    assert "Nouveau projet" in page


def test_the_officers_home_shows_the_screening_to_do(
    client_for: Any, officer: Any, submitted: Proposal
) -> None:
    page = text(client_for(officer).get(reverse("home")))
    assert f"Examiner la recevabilité — {submitted.reference}" in page
    assert "Recevabilité" in page


def test_a_user_outside_the_programme_has_no_programme_section(
    client_for: Any, caseworker1: Any
) -> None:
    page = text(client_for(caseworker1).get(reverse("home")))
    assert "Coréalisation" not in page and "Mes projets" not in page


def test_the_task_page_lists_each_work_item_with_its_link(
    client_for: Any, evaluator1: Any, under_review: Proposal
) -> None:
    response = client_for(evaluator1).get(reverse("tasks"))
    page = text(response)
    assert "Déposer l'avis technique" in page and under_review.reference in page
    assert f'href="{reverse("workflows:review_form", args=[under_review.pk])}"' in (
        response.content.decode()
    )


def test_the_task_page_says_when_there_is_nothing_to_do(client_for: Any, finance: Any) -> None:
    assert "Rien à faire pour le moment." in text(client_for(finance).get(reverse("tasks")))
