"""Who sees which associations beyond their members, their focal point and the ministry's
officers: an evaluator, a committee member and a finance officer see only the
associations of the proposals they see."""

from __future__ import annotations

from typing import Any

from tests.workflows.builders import make_proposal
from workflows.models import ProposalStatus

S = ProposalStatus


def _listed(client: Any) -> set[str]:
    response = client.get("/api/v1/associations/", {"page_size": 200})
    assert response.status_code == 200, response.content
    return {row["acronym"] for row in response.json()["results"]}


def test_an_evaluator_lists_only_the_associations_of_the_proposals_assigned_to_it(
    api_for: Any, evaluator1: Any, paris_association: Any, cast: Any
) -> None:
    assert _listed(api_for(evaluator1)) == set()

    make_proposal(S.UNDER_REVIEW, call=cast["call"])  # ARKF's, assigned to evaluator1
    assert _listed(api_for(evaluator1)) == {"ARKF"}
    assert (
        api_for(evaluator1).get(f"/api/v1/associations/{paris_association.pk}/").status_code == 200
    )
    # An evaluator the proposal was not assigned to sees nothing, pending ones included.
    assert _listed(api_for(cast["users"]["evaluator3"])) == set()


def test_the_committee_and_finance_see_the_associations_of_the_proposals_they_see(
    api_for: Any, committee: Any, finance: Any, cast: Any
) -> None:
    make_proposal(S.UNDER_REVIEW, call=cast["call"])
    assert _listed(api_for(committee)) == set()
    assert _listed(api_for(finance)) == set()

    make_proposal(S.APPROVED, call=cast["call"], title="Centre de santé de Kpalimé")
    assert _listed(api_for(committee)) == {"ARKF"}
    assert _listed(api_for(finance)) == {"ARKF"}


def test_officers_and_auditors_still_see_every_association(
    api_for: Any, officer: Any, auditor: Any
) -> None:
    assert {"ARKF", "DSSB", "AOKL", "CFZA"} <= _listed(api_for(officer))
    assert {"ARKF", "DSSB", "AOKL", "CFZA"} <= _listed(api_for(auditor))
