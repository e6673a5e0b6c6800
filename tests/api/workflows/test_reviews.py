"""Technical reviews filed through the API, and the automatic move to the committee."""

from __future__ import annotations

from typing import Any

from audit.models import HistoryEntry, Outcome
from tests.workflows.builders import SCORES
from workflows.models import Proposal, ProposalStatus, Review

S = ProposalStatus
FAVOURABLE = {"scores": SCORES, "recommendation": "favourable", "comment": "Projet solide."}


def review(client: Any, proposal: Proposal, data: dict[str, Any]) -> Any:
    return client.post(f"/api/v1/proposals/{proposal.pk}/reviews/", data, format="json")


def test_an_assigned_evaluator_files_a_scored_review(
    under_review: Proposal, api_for: Any, evaluator1: Any
) -> None:
    response = review(api_for(evaluator1), under_review, FAVOURABLE)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["evaluator"] == "evaluator1"
    assert data["scores"] == SCORES
    assert data["recommendation"] == "favourable"
    # (5×3 + 4×2 + 4×2 + 3×2 + 4×1 + 5×1) / 11
    assert data["weighted_score"] == "4.18"
    assert data["proposal_status"] == "under_review"
    filed = Review.objects.get(pk=data["id"])
    assert filed.is_filed and filed.comment == "Projet solide."


def test_the_last_required_review_moves_the_proposal_to_the_committee(
    under_review: Proposal, api_for: Any, evaluator1: Any, cast: Any, committee: Any
) -> None:
    review(api_for(evaluator1), under_review, FAVOURABLE)
    assert api_for(committee).get(f"/api/v1/proposals/{under_review.pk}/").status_code == 404

    response = review(api_for(cast["users"]["evaluator2"]), under_review, FAVOURABLE)
    assert response.status_code == 201
    assert response.json()["proposal_status"] == "in_committee"
    shown = api_for(committee).get(f"/api/v1/proposals/{under_review.pk}/")
    assert shown.status_code == 200
    assert shown.json()["status"] == "in_committee"


def test_a_review_missing_a_criterion_names_it_and_files_nothing(
    under_review: Proposal, api_for: Any, evaluator1: Any
) -> None:
    scores = {code: value for code, value in SCORES.items() if code != "budget"}
    response = review(api_for(evaluator1), under_review, {**FAVOURABLE, "scores": scores})
    assert response.status_code == 400
    assert response.json()["errors"]["scores"] == [
        "Notez le critère « Réalisme du budget » (de 0 à 5)."
    ]
    assert not Review.objects.filter(submitted_at__isnull=False).exists()


def test_a_score_out_of_the_scale_is_a_field_error(
    under_review: Proposal, api_for: Any, evaluator1: Any
) -> None:
    response = review(
        api_for(evaluator1), under_review, {**FAVOURABLE, "scores": {**SCORES, "relevance": 7}}
    )
    assert response.status_code == 400
    assert response.json()["errors"]["scores"]["relevance"]


def test_an_unknown_recommendation_is_a_field_error(
    under_review: Proposal, api_for: Any, evaluator1: Any
) -> None:
    response = review(api_for(evaluator1), under_review, {**FAVOURABLE, "recommendation": "bof"})
    assert response.status_code == 400
    assert response.json()["errors"]["recommendation"]


def test_a_review_is_filed_only_once(under_review: Proposal, api_for: Any, evaluator1: Any) -> None:
    client = api_for(evaluator1)
    review(client, under_review, FAVOURABLE)
    response = review(client, under_review, FAVOURABLE)
    assert response.status_code == 409
    assert response.json()["detail"] == "Vous avez déjà déposé votre avis sur ce projet."


def test_an_officer_who_sees_the_proposal_does_not_review_it(
    under_review: Proposal, api_for: Any, officer: Any
) -> None:
    response = review(api_for(officer), under_review, FAVOURABLE)
    assert response.status_code == 403
    assert response.json()["detail"] == "Seul un évaluateur technique dépose un avis."
    refusal = HistoryEntry.objects.for_object(under_review).get(action="review")
    assert (refusal.by, refusal.outcome) == (officer, Outcome.REFUSED)


def test_an_evaluator_who_was_not_assigned_does_not_even_see_the_proposal(
    under_review: Proposal, api_for: Any, cast: Any
) -> None:
    response = review(api_for(cast["users"]["evaluator3"]), under_review, FAVOURABLE)
    assert response.status_code == 404


def test_reviewing_once_the_committee_has_it_is_a_conflict(
    in_committee: Proposal, api_for: Any, evaluator1: Any
) -> None:
    response = review(api_for(evaluator1), in_committee, FAVOURABLE)
    assert response.status_code == 409
    in_committee.refresh_from_db()
    assert in_committee.status == S.IN_COMMITTEE


def test_someone_who_may_not_review_is_refused_before_the_body_is_read(
    under_review: Proposal, api_for: Any, auditor: Any
) -> None:
    """An empty body from the auditor: 403 and a recorded refusal, not « field required »."""
    response = review(api_for(auditor), under_review, {})
    assert response.status_code == 403
    refused = HistoryEntry.objects.for_object(under_review).filter(outcome=Outcome.REFUSED)
    assert list(refused.values_list("action", "by__username")) == [("review", "auditor")]
