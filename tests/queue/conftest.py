"""A proposal before the committee, the one decision here that makes a document due."""

from __future__ import annotations

from typing import Any

import pytest

from tests.workflows.builders import make_proposal
from workflows.models import Proposal, ProposalStatus


@pytest.fixture
def in_committee(cast: dict[str, Any]) -> Proposal:
    return make_proposal(ProposalStatus.IN_COMMITTEE, call=cast["call"])
