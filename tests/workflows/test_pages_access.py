"""Who reaches which co-realisation page: 200, 403 with the reason, 404, or the login page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.workflows.page_helpers import text
from workflows.models import Proposal

pytestmark = pytest.mark.django_db

PERSONAS = [
    "assoc_paris",
    "assoc_brussels",
    "officer",
    "evaluator1",
    "committee",
    "finance",
    "auditor",
    "focal_paris",
    "caseworker1",
]
PAGES = [
    "proposal_list",
    "proposal_create",
    "call_list",
    "call_create",
    "screening_queue",
    "review_queue",
    "committee_queue",
    "execution_queue",
    "finance_queue",
]
# What each persona gets on each page (in the order of PAGES).
PAGE_MATRIX = {
    "assoc_paris": [200, 200, 200, 403, 403, 403, 403, 403, 403],
    "assoc_brussels": [200, 200, 200, 403, 403, 403, 403, 403, 403],
    "officer": [200, 403, 200, 200, 200, 403, 200, 200, 403],
    "evaluator1": [200, 403, 200, 403, 403, 200, 403, 403, 403],
    "committee": [200, 403, 200, 403, 403, 403, 200, 403, 403],
    "finance": [200, 403, 200, 403, 403, 403, 403, 403, 200],
    "auditor": [200, 403, 200, 403, 403, 403, 200, 200, 200],
    "focal_paris": [200, 403, 200, 403, 403, 403, 403, 403, 403],
    "caseworker1": [200, 403, 200, 403, 403, 403, 403, 403, 403],
}


def _client(request: pytest.FixtureRequest, persona: str) -> Client:
    return request.getfixturevalue("client_for")(request.getfixturevalue(persona))


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_reaches_the_pages_of_its_work(
    request: pytest.FixtureRequest, persona: str, cast: dict[str, Any]
) -> None:
    client = _client(request, persona)
    got = [client.get(reverse(f"workflows:{page}")).status_code for page in PAGES]
    assert dict(zip(PAGES, got, strict=True)) == dict(zip(PAGES, PAGE_MATRIX[persona], strict=True))


@pytest.mark.parametrize("page", [*PAGES, "proposal_detail", "review_form", "tasks"])
def test_an_anonymous_visitor_is_sent_to_the_login_page(
    client: Client, page: str, draft: Proposal
) -> None:
    if page in ("proposal_detail", "review_form"):
        url = reverse(f"workflows:{page}", args=[draft.pk])
    elif page == "tasks":
        url = reverse("tasks")
    else:
        url = reverse(f"workflows:{page}")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_refused_page_says_why(client_for: Any, officer: Any) -> None:
    response = client_for(officer).get(reverse("workflows:proposal_create"))
    assert response.status_code == 403
    assert "Seuls les membres d'une association déposent des projets." in text(response)


# persona -> status of the proposal's page, for a proposal of the Paris association.
DETAIL_BY_STATE = {
    "draft": {
        "assoc_paris": 200,
        "assoc_brussels": 404,
        "officer": 404,
        "evaluator1": 404,
        "committee": 404,
        "finance": 404,
        "auditor": 404,
        "focal_paris": 404,
        "caseworker1": 404,
    },
    "submitted": {
        "assoc_paris": 200,
        "assoc_brussels": 404,
        "officer": 200,
        "evaluator1": 404,
        "committee": 404,
        "finance": 404,
        "auditor": 200,
        "focal_paris": 404,
        "caseworker1": 404,
    },
    "under_review": {
        "assoc_paris": 200,
        "assoc_brussels": 404,
        "officer": 200,
        "evaluator1": 200,
        "committee": 404,
        "finance": 404,
        "auditor": 200,
        "focal_paris": 404,
        "caseworker1": 404,
    },
    "in_committee": {
        "assoc_paris": 200,
        "assoc_brussels": 404,
        "officer": 200,
        "evaluator1": 200,
        "committee": 200,
        "finance": 404,
        "auditor": 200,
        "focal_paris": 404,
        "caseworker1": 404,
    },
    "approved": {
        "assoc_paris": 200,
        "assoc_brussels": 404,
        "officer": 200,
        "evaluator1": 200,
        "committee": 200,
        "finance": 200,
        "auditor": 200,
        "focal_paris": 404,
        "caseworker1": 404,
    },
}


@pytest.mark.parametrize("state", list(DETAIL_BY_STATE))
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_proposal_page_is_seen_by_whom_it_concerns_and_hidden_from_the_others(
    request: pytest.FixtureRequest, state: str, persona: str
) -> None:
    proposal = request.getfixturevalue(state)
    response = _client(request, persona).get(proposal.get_absolute_url())
    assert response.status_code == DETAIL_BY_STATE[state][persona]


# persona -> status when posting `approve` on a proposal in committee.
APPROVE = {
    "committee": 302,
    "officer": 403,
    "assoc_paris": 403,
    "evaluator1": 403,
    "auditor": 403,
    "assoc_brussels": 404,
    "finance": 404,
    "focal_paris": 404,
}


@pytest.mark.parametrize(("persona", "expected"), list(APPROVE.items()))
def test_only_the_committee_approves_through_the_page(
    request: pytest.FixtureRequest, in_committee: Proposal, persona: str, expected: int
) -> None:
    response = _client(request, persona).post(
        reverse("workflows:proposal_transition", args=[in_committee.pk, "approve"]),
        {"grant_amount": "8 000 000", "expected_state": "in_committee"},
    )
    assert response.status_code == expected
    in_committee.refresh_from_db()
    assert in_committee.status == ("approved" if expected == 302 else "in_committee")
    if expected == 403:
        assert "Seul un membre du comité peut faire cela." in text(response)


def test_an_unknown_transition_is_not_found(
    client_for: Any, officer: Any, submitted: Proposal
) -> None:
    response = client_for(officer).post(
        reverse("workflows:proposal_transition", args=[submitted.pk, "teleport"])
    )
    assert response.status_code == 404


def test_the_review_form_is_hidden_from_those_who_do_not_see_the_proposal_and_refused_to_others(
    client_for: Any, cast: dict[str, Any], under_review: Proposal
) -> None:
    users = cast["users"]
    url = reverse("workflows:review_form", args=[under_review.pk])
    assert client_for(users["evaluator1"]).get(url).status_code == 200
    assert client_for(users["evaluator3"]).get(url).status_code == 404
    assert client_for(users["assoc_brussels"]).get(url).status_code == 404
    refused = client_for(users["officer"]).get(url)
    assert refused.status_code == 403
    assert "Seul un évaluateur technique dépose un avis." in text(refused)


def test_an_evaluator_of_an_earlier_round_sees_the_proposal_but_may_not_review_it_again(
    client_for: Any, cast: dict[str, Any], in_committee: Proposal
) -> None:
    from audit.models import Source
    from workflows import services

    users = cast["users"]
    proposal = services.proposal_request_revision(
        proposal=in_committee, by=users["committee"], source=Source.WEB, comment="Précisez."
    )
    proposal = services.proposal_resubmit(proposal=proposal, by=users["assoc_paris"], source="web")
    services.proposal_declare_admissible(
        proposal=proposal,
        by=users["officer"],
        source="web",
        evaluators=["evaluator2", "evaluator3"],
    )
    response = client_for(users["evaluator1"]).get(
        reverse("workflows:review_form", args=[proposal.pk])
    )
    assert response.status_code == 403
    assert "Ce projet ne vous a pas été confié pour évaluation." in text(response)


def test_the_edit_page_is_refused_once_the_proposal_is_submitted(
    client_for: Any, assoc_paris: Any, submitted: Proposal
) -> None:
    response = client_for(assoc_paris).get(reverse("workflows:proposal_edit", args=[submitted.pk]))
    assert response.status_code == 403
    assert "brouillon ou renvoyé pour complément" in text(response)


def test_another_association_cannot_edit_nor_see_a_draft(
    client_for: Any, assoc_brussels: Any, draft: Proposal
) -> None:
    client = client_for(assoc_brussels)
    assert client.get(reverse("workflows:proposal_edit", args=[draft.pk])).status_code == 404
    assert (
        client.post(reverse("workflows:proposal_transition", args=[draft.pk, "submit"])).status_code
        == 404
    )


def test_a_tranche_of_an_invisible_proposal_is_not_found(
    client_for: Any, assoc_brussels: Any, in_execution: Proposal
) -> None:
    tranche = in_execution.tranches.get(number=1)
    response = client_for(assoc_brussels).post(
        reverse("workflows:tranche_transition", args=[tranche.pk, "request"]),
        {"report": "x"},
    )
    assert response.status_code == 404
    response = client_for(assoc_brussels).post(
        reverse("workflows:tranche_transition", args=[999999, "request"]), {"report": "x"}
    )
    assert response.status_code == 404


def test_only_the_finance_officer_pays_a_tranche(
    client_for: Any, cast: dict[str, Any], in_execution: Proposal
) -> None:
    users = cast["users"]
    tranche = in_execution.tranches.get(number=1)
    client_for(users["assoc_paris"]).post(
        reverse("workflows:tranche_transition", args=[tranche.pk, "request"]), {"report": "Fait."}
    )
    client_for(users["officer"]).post(
        reverse("workflows:tranche_transition", args=[tranche.pk, "approve"])
    )
    refused = client_for(users["officer"]).post(
        reverse("workflows:tranche_transition", args=[tranche.pk, "pay"]),
        {"payment_reference": "VIR-1"},
    )
    assert refused.status_code == 403
    assert "Seul un agent financier peut faire cela." in text(refused)
    tranche.refresh_from_db()
    assert tranche.status == "approved"
