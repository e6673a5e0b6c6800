"""The history API masks who reviewed and the scores exactly as the proposal page does."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def _review_rows(api_for: Any, user: Any, proposal: Any) -> list[dict[str, Any]]:
    url = reverse("api:proposal-history", args=[proposal.pk])
    rows = api_for(user).get(url).json()
    return [r for r in rows if r["transition"] in {"review", "assign_evaluator"}]


def test_the_association_does_not_learn_who_reviewed_before_the_decision(
    in_committee: Any, cast: Any, api_for: Any
) -> None:
    rows = _review_rows(api_for, cast["users"]["assoc_paris"], in_committee)
    reviews = [r for r in rows if r["transition"] == "review"]
    assert len(reviews) == 2
    assert all(r["by"] is None and r["comment"] == "" for r in reviews)
    assigned = [r for r in rows if r["transition"] == "assign_evaluator"]
    assert all(r["comment"] == "" for r in assigned)


def test_an_evaluator_reads_its_own_review_row_only(
    in_committee: Any, cast: Any, api_for: Any
) -> None:
    rows = _review_rows(api_for, cast["users"]["evaluator1"], in_committee)
    reviews = {r["by"]: r["comment"] for r in rows if r["transition"] == "review"}
    assert reviews.get("evaluator1", "").startswith("Avis favorable")
    assert reviews.get(None) == ""


def test_the_committee_reads_every_review_with_its_evaluator(
    in_committee: Any, cast: Any, api_for: Any
) -> None:
    rows = _review_rows(api_for, cast["users"]["committee"], in_committee)
    assert {r["by"] for r in rows if r["transition"] == "review"} == {"evaluator1", "evaluator2"}
    assert all("4,18/5" in r["comment"] for r in rows if r["transition"] == "review")
