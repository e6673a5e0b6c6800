"""The routing each proposal's status needs (see `processes.repair`).

A proposal's flow also routes its tranches: while it is in execution (or
suspended), a requested tranche needs « approve_tranche » open, an approved one
« pay_tranche », and otherwise the flow waits at « execution ».
"""

from __future__ import annotations

from django.db.models import QuerySet
from viewflow.workflow.base import Node

from processes.repair import RoutingCheck
from workflows.flows import ProposalFlow
from workflows.models import Proposal, ProposalStatus, Tranche, TrancheStatus
from workflows.routing import router

S = ProposalStatus
F = ProposalFlow

NEEDS: dict[str, tuple[Node, ...]] = {
    S.SUBMITTED: (F.screen,),
    S.RETURNED: (F.completion,),
    S.UNDER_REVIEW: (F.reviews,),
    S.IN_COMMITTEE: (F.decision,),
    S.APPROVED: (F.sign,),
    S.COMPLETED: (F.closing,),
}
IN_EXECUTION = (S.IN_EXECUTION, S.SUSPENDED)


def _tranche_in_progress(proposal: Proposal) -> Tranche | None:
    return (
        proposal.tranches.filter(status__in=[TrancheStatus.REQUESTED, TrancheStatus.APPROVED])
        .order_by("number")
        .first()
    )


def needs(proposal: Proposal) -> frozenset[Node]:
    if proposal.status in IN_EXECUTION:
        tranche = _tranche_in_progress(proposal)
        if tranche is None:
            return frozenset({F.execution})
        if tranche.status == TrancheStatus.REQUESTED:
            return frozenset({F.approve_tranche})
        return frozenset({F.pay_tranche})
    return frozenset(NEEDS.get(proposal.status, ()))


def label(proposal: Proposal) -> str:
    text = f"projet {proposal.reference or proposal.pk} ({proposal.status})"
    if proposal.status in IN_EXECUTION:
        tranche = _tranche_in_progress(proposal)
        if tranche is not None:
            text += f", tranche n° {tranche.number} ({tranche.status})"
    return text


def proposals() -> QuerySet[Proposal]:
    return Proposal.objects.order_by("pk")


CHECKS = [RoutingCheck(router=router, queryset=proposals, needs=needs, label=label)]
