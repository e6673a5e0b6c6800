"""The proposal list and the inbox cost the same number of queries for 5 rows or 50,
and never count the rows a user may see."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from workflows.models import Proposal, ProposalStatus

LIST_QUERIES = 9
TASK_QUERIES = 8


def _submitted(make_proposal: Any, cast: dict[str, Any], count: int) -> None:
    """`count` proposals submitted through the service (each opens a screening task)."""
    for n in range(count):
        make_proposal(ProposalStatus.SUBMITTED, title=f"Projet n° {n}")


def _listed(make_proposal: Any, count: int) -> None:
    """`count` proposals as a list shows them once submitted (the routing is not needed)."""
    ids = [make_proposal(title=f"Projet n° {n}").pk for n in range(count)]
    Proposal.objects.filter(pk__in=ids).update(
        status=ProposalStatus.SUBMITTED, submitted_at=timezone.now()
    )


@pytest.mark.parametrize("persona", ["assoc_paris", "officer", "auditor"])
@pytest.mark.parametrize("rows", [5, 50])
def test_the_proposal_list_runs_a_constant_number_of_queries(
    request: pytest.FixtureRequest,
    django_assert_max_num_queries: Any,
    make_proposal: Any,
    cast: dict[str, Any],
    persona: str,
    rows: int,
) -> None:
    _listed(make_proposal, rows)
    client = request.getfixturevalue("client_for")(cast["users"][persona])
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("workflows:proposal_list"))
    assert response.status_code == 200
    assert len(response.context["proposals"]) == min(rows, 25)


def test_the_filtered_list_runs_a_constant_number_of_queries_too(
    client_for: Any,
    django_assert_max_num_queries: Any,
    make_proposal: Any,
    cast: dict[str, Any],
    call: Any,
) -> None:
    _listed(make_proposal, 30)
    client = client_for(cast["users"]["officer"])
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(
            reverse("workflows:proposal_list"),
            {"status": "submitted", "call": call.pk, "sector": "water", "q": "Projet"},
        )
    assert len(response.context["proposals"]) == 25


def test_the_proposal_list_never_counts_the_rows(
    client_for: Any, make_proposal: Any, cast: dict[str, Any]
) -> None:
    _listed(make_proposal, 30)
    with CaptureQueriesContext(connection) as queries:
        client_for(cast["users"]["officer"]).get(reverse("workflows:proposal_list"))
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]


def test_the_proposal_list_pages_forward_and_back_newest_first(
    client_for: Any, make_proposal: Any, cast: dict[str, Any]
) -> None:
    _listed(make_proposal, 30)
    client = client_for(cast["users"]["officer"])
    first = client.get(reverse("workflows:proposal_list"))
    titles = [p.title for p in first.context["proposals"]]
    assert titles[0] == "Projet n° 29" and len(titles) == 25
    assert first.context["previous_url"] == ""
    second = client.get(reverse("workflows:proposal_list") + first.context["next_url"])
    assert [p.title for p in second.context["proposals"]] == [
        f"Projet n° {n}" for n in range(4, -1, -1)
    ]
    assert second.context["next_url"] == ""
    back = client.get(reverse("workflows:proposal_list") + second.context["previous_url"])
    assert [p.title for p in back.context["proposals"]] == titles


def test_a_forged_cursor_shows_the_first_page(
    client_for: Any, make_proposal: Any, cast: dict[str, Any]
) -> None:
    _listed(make_proposal, 3)
    response = client_for(cast["users"]["officer"]).get(
        reverse("workflows:proposal_list"), {"after": "not-a-cursor"}
    )
    assert len(response.context["proposals"]) == 3


@pytest.mark.parametrize("rows", [5, 50])
def test_the_task_page_runs_a_constant_number_of_queries(
    client_for: Any,
    django_assert_max_num_queries: Any,
    make_proposal: Any,
    cast: dict[str, Any],
    rows: int,
) -> None:
    _submitted(make_proposal, cast, rows)
    client = client_for(cast["users"]["officer"])
    with django_assert_max_num_queries(TASK_QUERIES):
        response = client.get(reverse("tasks"))
    # One page of the inbox: 25 rows at most, the others behind its "Suivants" link.
    assert len(response.context["items"]) == min(rows, 25)
    assert response.content.decode().count("Examiner la recevabilité") >= min(rows, 25)
