"""Proposals ready to be moved along their lifecycle (built by tests/workflows/builders.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.workflows import builders
from tests.workflows.builders import advance, advance_tranche, make_tranche
from workflows.models import Proposal, ProposalStatus, Tranche, TrancheStatus

S = ProposalStatus
T = TrancheStatus


@pytest.fixture
def call(cast: dict[str, Any]):
    return cast["call"]


@pytest.fixture
def make_proposal(cast: dict[str, Any], call):
    """`make_proposal(in_state=S.SUBMITTED, association=..., **fields)`: a new proposal of
    the demo call brought to that state, a draft by default (see tests/workflows/builders.py)."""

    def make(in_state: str = S.DRAFT, **draft: Any) -> Proposal:
        return builders.make_proposal(in_state, call=call, **draft)

    return make


@pytest.fixture
def draft(make_proposal) -> Proposal:
    return make_proposal()


def moved_on(earlier: str, state: str, move: Callable[[Any, str], Any]) -> Any:
    """A fixture: the object of fixture `earlier` moved on to `state` (the same object,
    so a test asking for both sees one proposal)."""

    @pytest.fixture(name=f"{state}_tranche" if move is advance_tranche else state)
    def fixture(request: pytest.FixtureRequest) -> Any:
        return move(request.getfixturevalue(earlier), state)

    return fixture


submitted = moved_on("draft", S.SUBMITTED, advance)
under_review = moved_on("submitted", S.UNDER_REVIEW, advance)
in_committee = moved_on("under_review", S.IN_COMMITTEE, advance)
approved = moved_on("in_committee", S.APPROVED, advance)
in_execution = moved_on("approved", S.IN_EXECUTION, advance)


@pytest.fixture
def planned_tranche(in_execution) -> Tranche:
    """The first tranche, which the association may request now."""
    return make_tranche(T.PLANNED, proposal=in_execution)


requested_tranche = moved_on("planned_tranche", T.REQUESTED, advance_tranche)
approved_tranche = moved_on("requested_tranche", T.APPROVED, advance_tranche)
