"""The routing each case's status needs (see `processes.repair`).

Referrals have no flow tasks of their own: the inbox finds the overdue ones by
their due date, and their case's « support » step covers their follow-up.
"""

from __future__ import annotations

from django.db.models import QuerySet
from viewflow.workflow.base import Node

from cases.flows import CaseFlow
from cases.models import Case, CaseStatus
from cases.routing import router
from processes.repair import RoutingCheck

C = CaseStatus
F = CaseFlow

NEEDS: dict[str, tuple[Node, ...]] = {
    C.REGISTERED: (F.assess,),
    C.ASSESSMENT: (F.assess,),
    C.PLAN_SUBMITTED: (F.plan_review,),
    C.IN_SUPPORT: (F.support,),
    C.FOLLOW_UP: (F.support,),
    C.CLOSURE_REQUESTED: (F.closure_review,),
}


def needs(case: Case) -> frozenset[Node]:
    return frozenset(NEEDS.get(case.status, ()))


def label(case: Case) -> str:
    return f"dossier {case.reference} ({case.status})"


def cases() -> QuerySet[Case]:
    return Case.objects.order_by("pk")


CHECKS = [RoutingCheck(router=router, queryset=cases, needs=needs, label=label)]
