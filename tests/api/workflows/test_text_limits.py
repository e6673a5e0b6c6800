"""A proposal's texts and a review's comment and scores are bounded through the API."""

from __future__ import annotations

from typing import Any

from audit.models import HistoryEntry
from tests.api.workflows.test_proposals import body
from tests.workflows.builders import SCORES
from workflows.models import Call, Proposal, Review

MEGABYTE = "x" * 1_000_000


def test_a_megabyte_summary_is_refused_with_its_limit_and_nothing_is_saved(
    api_for: Any, assoc_paris: Any, paris_association: Any, call: Call
) -> None:
    response = api_for(assoc_paris).post(
        "/api/v1/proposals/", body(call, paris_association, summary=MEGABYTE), format="json"
    )
    assert response.status_code == 400
    assert "10000" in " ".join(response.json()["errors"]["summary"])
    assert not Proposal.objects.exists()


def test_a_summary_at_its_limit_is_taken(
    api_for: Any, assoc_paris: Any, paris_association: Any, call: Call
) -> None:
    response = api_for(assoc_paris).post(
        "/api/v1/proposals/", body(call, paris_association, summary="x" * 10_000), format="json"
    )
    assert response.status_code == 201, response.content


def test_a_draft_edited_with_a_megabyte_summary_keeps_its_summary(
    api_for: Any, assoc_paris: Any, draft: Proposal
) -> None:
    before = draft.summary
    response = api_for(assoc_paris).patch(
        f"/api/v1/proposals/{draft.pk}/", {"summary": MEGABYTE}, format="json"
    )
    assert response.status_code == 400
    assert "10000" in " ".join(response.json()["errors"]["summary"])
    draft.refresh_from_db()
    assert draft.summary == before


def test_a_review_comment_over_its_limit_is_refused_and_no_review_is_filed(
    api_for: Any, evaluator1: Any, under_review: Proposal
) -> None:
    history = HistoryEntry.objects.count()
    response = api_for(evaluator1).post(
        f"/api/v1/proposals/{under_review.pk}/reviews/",
        {"scores": SCORES, "recommendation": "favourable", "comment": MEGABYTE},
        format="json",
    )
    assert response.status_code == 400
    assert "20000" in " ".join(response.json()["errors"]["comment"])
    assert not Review.objects.filter(proposal=under_review, comment__startswith="xxx").exists()
    assert HistoryEntry.objects.count() == history


def test_review_scores_with_a_megabyte_key_are_refused_in_words(
    api_for: Any, evaluator1: Any, under_review: Proposal
) -> None:
    response = api_for(evaluator1).post(
        f"/api/v1/proposals/{under_review.pk}/reviews/",
        {"scores": {**SCORES, MEGABYTE: 3}, "recommendation": "favourable"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["scores"] == ["Une clé compte au plus 64 caractères."]
