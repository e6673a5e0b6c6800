"""Proposals brought to each state of their lifecycle, for the API tests.

The states up to execution come from the service-level fixtures of
tests/workflows; the others are built here the same way, through the services.
"""

from __future__ import annotations

from typing import Any

import pytest

from audit.models import Source
from tests.workflows.conftest import (
    SCORES,
    approved,
    attach_final_report,
    call,
    draft,
    in_committee,
    in_execution,
    make_proposal,
    pay_all_tranches,
    pdf_upload,
    submitted,
    under_review,
)
from workflows import services
from workflows.models import Proposal, Tranche

# Re-exported: the fixtures shared with the service tests, and their helpers.
__all__ = [
    "SCORES",
    "approved",
    "attach_final_report",
    "call",
    "draft",
    "in_committee",
    "in_execution",
    "make_proposal",
    "pay_all_tranches",
    "pdf_upload",
    "submitted",
    "under_review",
]


@pytest.fixture
def returned(submitted: Proposal, cast: dict[str, Any]) -> Proposal:
    return services.proposal_return_for_completion(
        proposal=submitted,
        by=cast["users"]["officer"],
        source=Source.WEB,
        comment="Joignez le devis du forage.",
    )


@pytest.fixture
def suspended(in_execution: Proposal, cast: dict[str, Any]) -> Proposal:
    return services.proposal_suspend(
        proposal=in_execution,
        by=cast["users"]["officer"],
        source=Source.WEB,
        comment="Travaux arrêtés par la saison des pluies.",
    )


@pytest.fixture
def completable(in_execution: Proposal, cast: dict[str, Any]) -> Proposal:
    """In execution, every tranche paid and the final report attached."""
    pay_all_tranches(in_execution, cast)
    attach_final_report(in_execution, cast)
    return in_execution


@pytest.fixture
def completed(completable: Proposal, cast: dict[str, Any]) -> Proposal:
    return services.proposal_complete(
        proposal=completable, by=cast["users"]["officer"], source=Source.WEB
    )


@pytest.fixture
def planned_tranche(in_execution: Proposal) -> Tranche:
    """The first tranche, which the association may request now."""
    return Tranche.objects.get(proposal=in_execution, number=1)


@pytest.fixture
def requested_tranche(planned_tranche: Tranche, cast: dict[str, Any]) -> Tranche:
    return services.tranche_request(
        tranche=planned_tranche,
        by=cast["users"]["assoc_paris"],
        source=Source.WEB,
        report="Forage réalisé à 60 m.",
    )


@pytest.fixture
def approved_tranche(requested_tranche: Tranche, cast: dict[str, Any]) -> Tranche:
    return services.tranche_approve(
        tranche=requested_tranche, by=cast["users"]["officer"], source=Source.WEB
    )


@pytest.fixture
def proposal_in(request: pytest.FixtureRequest) -> Any:
    """`proposal_in("in_committee")`: the demo proposal brought to that state."""

    def get(state: str) -> Proposal:
        proposal: Proposal = request.getfixturevalue(state)
        proposal.refresh_from_db()
        return proposal

    return get


@pytest.fixture
def tranche_in(request: pytest.FixtureRequest) -> Any:
    """`tranche_in("requested")`: the first tranche of the demo proposal in that state."""

    def get(state: str) -> Tranche:
        tranche: Tranche = request.getfixturevalue(f"{state}_tranche")
        tranche.refresh_from_db()
        return tranche

    return get


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings: Any, tmp_path: Any) -> None:
    """Uploaded files land in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
