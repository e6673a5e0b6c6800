"""The case flow's open tasks, as the inbox shows them (`config.work`)."""

from __future__ import annotations

import datetime

from django.db.models import (
    Q,
    QuerySet,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from accounts.work import WorkItem, action_anchor
from cases import access
from cases.flows import CaseFlow
from cases.models import (
    Case,
    CaseStatus,
)
from cases.selectors.lists import next_step, overdue_referrals
from cases.transitions import (
    CaseTransition,
)
from processes.routing import OPEN

User = AnyUser
C = CaseStatus

CASEWORKER_NODES = (CaseFlow.assess, CaseFlow.support)
SUPERVISOR_NODES = (CaseFlow.plan_review, CaseFlow.closure_review)


def case_tasks(user: User) -> QuerySet[Task]:
    """Open case-flow tasks this user works: its own steps, or the decisions if supervisor
    (and the caseworker's steps of a case nobody is assigned to: assigning it)."""
    scopes = []
    if has_role(user, Role.CELL_CASEWORKER):
        scopes.append(Q(flow_task__in=CASEWORKER_NODES, owner_id=user.pk))
    if access.is_supervisor(user):
        scopes.append(Q(flow_task__in=SUPERVISOR_NODES))
        scopes.append(Q(flow_task__in=CASEWORKER_NODES, owner__isnull=True))
    if not scopes:
        return Task.objects.none()
    scope = scopes[0]
    for other in scopes[1:]:
        scope |= other
    return (
        Task.objects.filter(
            scope,
            status__in=OPEN,
            process__caseprocess__case__in=access.cases_visible_to(user),
        )
        .select_related("process__caseprocess__case")
        .order_by("created")
    )


def _anchored(case: Case, action: str) -> str:
    return f"{case.get_absolute_url()}#{action_anchor(action)}"


def task_url(case: Case, node: str, unassigned: bool = False) -> str:
    """Where a case-flow task is done: the section of the case's page holding its action."""
    if unassigned:
        return _anchored(case, "assign")
    if node == "assess":
        if case.status == C.REGISTERED:
            if not case.consent_given:
                return reverse("cases:case_edit", args=[case.pk])
            return _anchored(case, CaseTransition.START_ASSESSMENT)
        return _anchored(case, "assess")
    if node == "plan_review":
        return _anchored(case, CaseTransition.APPROVE_PLAN)
    if node == "closure_review":
        return _anchored(case, CaseTransition.APPROVE_CLOSURE)
    return f"{case.get_absolute_url()}#actions"


def work_items(user: User, limit: int = 200) -> list[WorkItem]:
    """The user's open work on cases, in the inbox's shape: two queries, whatever the rows."""
    items: list[WorkItem] = []
    for task in case_tasks(user)[:limit]:
        case = task.process.caseprocess.case
        node = task.flow_task
        unassigned = node in CASEWORKER_NODES and task.owner_id is None
        label = str(node.task_title)
        if unassigned:
            label = _("Confier le dossier à un travailleur social")
        elif node in CASEWORKER_NODES:
            label = next_step(case)
        items.append(
            WorkItem(
                process="case",
                object_id=case.pk,
                task="assign" if unassigned else node.name,
                label=label,
                since=task.created,
                url=task_url(case, node.name, unassigned),
                reference=case.reference,
                title=case.full_name,
            )
        )
    if has_role(user, Role.CELL_CASEWORKER):
        for referral in overdue_referrals(user, mine_only=True, limit=limit):
            due = datetime.datetime.combine(
                referral.due_date, datetime.time.min, tzinfo=timezone.get_current_timezone()
            )
            items.append(
                WorkItem(
                    process="case",
                    object_id=referral.case_id,
                    task="overdue_referral",
                    label=_("Relancer l'orientation en retard : %(referral)s")
                    % {"referral": referral},
                    since=due,
                    url=f"{referral.case.get_absolute_url()}#referral-{referral.pk}",
                    reference=referral.case.reference,
                    title=referral.case.full_name,
                )
            )
    items.sort(key=lambda item: item.since)
    return items
