"""Proposals ready to be moved along their lifecycle (built by tests/workflows/builders.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.workflows.builders import advance, advance_tranche, make_tranche, new_proposal
from workflows.models import Proposal, ProposalStatus, Tranche, TrancheStatus

S = ProposalStatus
T = TrancheStatus


@pytest.fixture
def call(cast: dict[str, Any]):
    return cast["call"]


@pytest.fixture
def make_proposal(cast: dict[str, Any], call):
    """`make_proposal(association=..., **fields)`: a new draft (see builders.new_proposal)."""

    def make(**draft: Any) -> Proposal:
        return new_proposal(call=call, **draft)

    return make


@pytest.fixture
def draft(make_proposal) -> Proposal:
    return make_proposal()


@pytest.fixture
def submitted(draft) -> Proposal:
    return advance(draft, S.SUBMITTED)


@pytest.fixture
def under_review(submitted) -> Proposal:
    return advance(submitted, S.UNDER_REVIEW)


@pytest.fixture
def in_committee(under_review) -> Proposal:
    return advance(under_review, S.IN_COMMITTEE)


@pytest.fixture
def approved(in_committee) -> Proposal:
    return advance(in_committee, S.APPROVED)


@pytest.fixture
def in_execution(approved) -> Proposal:
    return advance(approved, S.IN_EXECUTION)


@pytest.fixture
def planned_tranche(in_execution) -> Tranche:
    """The first tranche, which the association may request now."""
    return make_tranche(T.PLANNED, proposal=in_execution)


@pytest.fixture
def requested_tranche(planned_tranche) -> Tranche:
    return advance_tranche(planned_tranche, T.REQUESTED)


@pytest.fixture
def approved_tranche(requested_tranche) -> Tranche:
    return advance_tranche(requested_tranche, T.APPROVED)
