"""Co-realisation programme: calls, proposals, reviews and tranches.

`Proposal.status` and `Tranche.status` are the business states (django-fsm-2,
protected); the routing of the human work lives in `workflows.flows`.
Transitions are fired only by `workflows.services`, through the tables of
`workflows.transitions`.
"""

from __future__ import annotations

from workflows.models.calls import SHARE_VALIDATORS, Call, Criterion
from workflows.models.proposals import (
    FUNDED_STATUSES,
    TERMINAL_STATUSES,
    WAITING_STATUSES,
    BudgetLine,
    Contribution,
    ContributionKind,
    ContributionSource,
    Proposal,
    ProposalProcess,
    ProposalStatus,
    S,
)
from workflows.models.reviews import Recommendation, Review
from workflows.models.tranches import T, Tranche, TrancheStatus

__all__ = [
    "FUNDED_STATUSES",
    "SHARE_VALIDATORS",
    "TERMINAL_STATUSES",
    "WAITING_STATUSES",
    "BudgetLine",
    "Call",
    "Contribution",
    "ContributionKind",
    "ContributionSource",
    "Criterion",
    "Proposal",
    "ProposalProcess",
    "ProposalStatus",
    "Recommendation",
    "Review",
    "S",
    "T",
    "Tranche",
    "TrancheStatus",
]
