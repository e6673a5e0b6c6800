"""Offering and firing proposal transitions: what is offered, and how refusals read."""

from __future__ import annotations

from typing import Any

import pytest

from audit.models import HistoryEntry, Outcome
from tests.factories import MembershipFactory, UserFactory
from workflows.models import Proposal, ProposalStatus

S = ProposalStatus


def options(client: Any, proposal: Proposal) -> Any:
    response = client.get(f"/api/v1/proposals/{proposal.pk}/transitions/")
    assert response.status_code == 200
    return response.json()


def fire(client: Any, proposal: Proposal, name: str, **kwargs: Any) -> Any:
    return client.post(
        f"/api/v1/proposals/{proposal.pk}/transitions/{name}/", format="json", **kwargs
    )


def test_a_member_is_offered_to_submit_or_withdraw_its_draft(
    draft: Proposal, api_for: Any, assoc_paris: Any
) -> None:
    assert options(api_for(assoc_paris), draft) == [
        {"name": "submit", "label": "Soumettre", "inputs": []},
        {"name": "withdraw", "label": "Retirer le projet", "inputs": ["comment"]},
    ]


def test_the_officer_is_offered_the_screening_decisions_with_their_inputs(
    submitted: Proposal, api_for: Any, officer: Any
) -> None:
    assert options(api_for(officer), submitted) == [
        {
            "name": "return_for_completion",
            "label": "Renvoyer pour complément",
            "inputs": ["comment"],
        },
        {
            "name": "declare_admissible",
            "label": "Déclarer recevable et désigner les évaluateurs",
            "inputs": ["evaluators", "comment"],
        },
    ]


def test_the_committee_is_offered_its_three_decisions(
    in_committee: Proposal, api_for: Any, committee: Any
) -> None:
    names = [option["name"] for option in options(api_for(committee), in_committee)]
    assert names == ["request_revision", "approve", "reject"]


def test_nothing_is_offered_to_someone_who_may_only_read(
    in_committee: Proposal, api_for: Any, auditor: Any, evaluator1: Any
) -> None:
    assert options(api_for(auditor), in_committee) == []
    assert options(api_for(evaluator1), in_committee) == []


def test_the_offer_of_a_proposal_out_of_sight_is_not_found(
    draft: Proposal, api_for: Any, officer: Any
) -> None:
    response = api_for(officer).get(f"/api/v1/proposals/{draft.pk}/transitions/")
    assert response.status_code == 404


# --- Conflicts ------------------------------------------------------------------


def test_approving_a_draft_is_a_conflict(
    draft: Proposal, api_for: Any, paris_association: Any
) -> None:
    # Only someone both in the committee and in the association sees a draft and may approve.
    user = UserFactory(roles=["committee_member", "association_member"])
    MembershipFactory(user=user, association=paris_association)
    response = fire(api_for(user), draft, "approve", data={"grant_amount": 1_000_000})
    assert response.status_code == 409
    assert (
        response.json()["detail"]
        == "Action « Approuver et fixer la subvention » impossible dans l'état « Brouillon »."
    )
    draft.refresh_from_db()
    assert (draft.status, draft.grant_amount) == (S.DRAFT, None)
    refusal = HistoryEntry.objects.for_object(draft).get(action="approve")
    assert refusal.outcome == Outcome.REFUSED


def test_signing_before_approval_is_a_conflict(
    submitted: Proposal, api_for: Any, officer: Any
) -> None:
    response = fire(api_for(officer), submitted, "sign_agreement")
    assert response.status_code == 409
    assert "impossible dans l'état « Soumis »" in response.json()["detail"]


def test_a_transition_based_on_a_stale_status_is_refused(
    draft: Proposal, api_for: Any, assoc_paris: Any
) -> None:
    # The member's page still shows the proposal returned; it has been drafted anew since.
    response = fire(api_for(assoc_paris), draft, "withdraw", data={"expected_state": "returned"})
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Cet élément a été modifié par quelqu'un d'autre entre-temps. "
        "Rechargez la page pour voir son état actuel."
    )
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_the_expected_status_when_it_still_holds_lets_the_transition_through(
    draft: Proposal, api_for: Any, assoc_paris: Any
) -> None:
    response = fire(api_for(assoc_paris), draft, "withdraw", data={"expected_state": "draft"})
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


# --- Bad requests ---------------------------------------------------------------


def test_an_unknown_transition_is_not_found(
    draft: Proposal, api_for: Any, assoc_paris: Any
) -> None:
    response = fire(api_for(assoc_paris), draft, "fly")
    assert response.status_code == 404
    assert response.json()["detail"] == "Action inconnue : « fly »."


def test_sending_to_committee_is_never_fired_by_hand(
    under_review: Proposal, api_for: Any, officer: Any
) -> None:
    response = fire(api_for(officer), under_review, "send_to_committee")
    assert response.status_code == 404
    under_review.refresh_from_db()
    assert under_review.status == S.UNDER_REVIEW


def test_an_unknown_transition_on_a_proposal_out_of_sight_says_only_not_found(
    draft: Proposal, api_for: Any, assoc_brussels: Any
) -> None:
    response = fire(api_for(assoc_brussels), draft, "fly")
    assert response.json() == {"detail": "Introuvable."}


def test_every_problem_with_the_evaluators_is_named(
    submitted: Proposal, api_for: Any, officer: Any
) -> None:
    response = fire(
        api_for(officer), submitted, "declare_admissible", data={"evaluators": ["committee"]}
    )
    assert response.status_code == 400
    data = response.json()
    assert data["reasons"] == [
        "« committee » n'est pas évaluateur technique.",
        "Désignez au moins 2 évaluateurs (1 désigné(s)).",
    ]
    assert data["errors"]["evaluators"] == data["reasons"]
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_approving_without_a_grant_is_refused_on_the_grant_field(
    in_committee: Proposal, api_for: Any, committee: Any
) -> None:
    response = fire(api_for(committee), in_committee, "approve")
    assert response.status_code == 400
    assert response.json()["errors"]["grant_amount"] == [
        "Le montant de la subvention doit être positif."
    ]


def test_a_grant_that_is_not_a_number_is_a_field_error(
    in_committee: Proposal, api_for: Any, committee: Any
) -> None:
    response = fire(api_for(committee), in_committee, "approve", data={"grant_amount": "beaucoup"})
    assert response.status_code == 400
    assert response.json()["errors"]["grant_amount"]


def test_a_refusal_is_explained_in_english_when_asked(
    draft: Proposal, api_for: Any, assoc_paris: Any
) -> None:
    response = fire(api_for(assoc_paris), draft, "approve", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["detail"]
    assert response.json()["detail"] != "Seul un membre du comité peut faire cela."
    french = fire(api_for(assoc_paris), draft, "approve")
    assert french.json()["detail"] == "Seul un membre du comité peut faire cela."


# --- Getting in -----------------------------------------------------------------


def test_a_script_fires_transitions_with_its_token(
    draft: Proposal, token_client: Any, assoc_paris: Any
) -> None:
    client = token_client(assoc_paris)
    assert client.get("/api/v1/proposals/").status_code == 200
    response = fire(client, draft, "submit")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/calls/"),
        ("get", "/api/v1/proposals/"),
        ("post", "/api/v1/proposals/"),
        ("get", "/api/v1/proposals/{id}/"),
        ("patch", "/api/v1/proposals/{id}/"),
        ("get", "/api/v1/proposals/{id}/transitions/"),
        ("post", "/api/v1/proposals/{id}/transitions/submit/"),
        ("post", "/api/v1/proposals/{id}/reviews/"),
        ("get", "/api/v1/proposals/{id}/history/"),
        ("get", "/api/v1/proposals/{id}/documents/"),
        ("get", "/api/v1/proposals/{id}/tranches/"),
        ("post", "/api/v1/proposals/{id}/attachments/"),
        ("get", "/api/v1/tasks/"),
    ],
)
def test_every_endpoint_asks_an_anonymous_caller_to_log_in(
    draft: Proposal, api_for: Any, method: str, path: str
) -> None:
    response = getattr(api_for(None), method)(path.format(id=draft.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json()["detail"] == "Authentication credentials were not provided."
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_a_comment_longer_than_the_pages_allow_is_refused_on_its_field_and_changes_nothing(
    in_committee: Proposal, api_for: Any, committee: Any
) -> None:
    response = fire(api_for(committee), in_committee, "reject", data={"comment": "x" * 4001})
    assert response.status_code == 400
    assert "4000" in " ".join(response.json()["errors"]["comment"])
    in_committee.refresh_from_db()
    assert in_committee.status == ProposalStatus.IN_COMMITTEE


def _refused(obj: Any, action: str) -> int:
    return HistoryEntry.objects.filter(
        object_id=obj.pk, action=action, outcome=Outcome.REFUSED
    ).count()


def test_a_negative_grant_sent_to_the_api_is_refused_by_the_service_and_recorded(
    in_committee: Any, api_for: Any, committee: Any
) -> None:
    response = api_for(committee).post(
        f"/api/v1/proposals/{in_committee.pk}/transitions/approve/",
        {"grant_amount": -5},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["grant_amount"] == [
        "Le montant de la subvention doit être positif."
    ]
    assert _refused(in_committee, "approve") == 1


def test_an_unknown_long_evaluator_name_is_refused_by_the_service_and_recorded(
    submitted: Any, api_for: Any, officer: Any
) -> None:
    response = api_for(officer).post(
        f"/api/v1/proposals/{submitted.pk}/transitions/declare_admissible/",
        {"evaluators": ["x" * 200, "evaluator1"]},
        format="json",
    )
    assert response.status_code == 400
    assert _refused(submitted, "declare_admissible") == 1
