"""The case flow's open tasks, as the inbox shows them (`config.work`)."""

from __future__ import annotations

from django.db.models import (
    Q,
    QuerySet,
)
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from accounts.work import FIRST_ITEMS, Window, WorkItem, action_anchor, midnight
from cases import access
from cases.flows import CaseFlow
from cases.models import (
    Case,
    CaseStatus,
    Referral,
)
from cases.selectors.lists import next_step, overdue_referral_filter
from cases.transitions import (
    CaseTransition,
)
from processes.pages import url_for_each
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
        .order_by("created", "id")
    )


def task_url(case: Case, node: str, detail: str, edit: str, unassigned: bool = False) -> str:
    """Where a case-flow task is done: the section of the case's page (`detail`) holding
    its action, or the case's edit page (`edit`) while the consent is missing."""
    if unassigned:
        return f"{detail}#{action_anchor('assign')}"
    if node == "assess":
        if case.status == C.REGISTERED:
            if not case.consent_given:
                return edit
            return f"{detail}#{action_anchor(CaseTransition.START_ASSESSMENT)}"
        return f"{detail}#{action_anchor('assess')}"
    if node == "plan_review":
        return f"{detail}#{action_anchor(CaseTransition.APPROVE_PLAN)}"
    if node == "closure_review":
        return f"{detail}#{action_anchor(CaseTransition.APPROVE_CLOSURE)}"
    return f"{detail}#actions"


def _overdue_referrals(user: User) -> QuerySet[Referral]:
    """The overdue referrals of the cases `user` is the caseworker of."""
    return (
        access.referrals_visible_to(user)
        .filter(overdue_referral_filter(), case__caseworker_id=user.pk)
        .select_related("case")
    )


def work_items(user: User, window: Window = FIRST_ITEMS) -> list[WorkItem]:
    """The user's open work on cases, in `window` of the inbox's order: two queries,
    whatever the rows."""
    detail, edit = url_for_each("cases:case_detail"), url_for_each("cases:case_edit")
    items: list[WorkItem] = []
    for task in window.rows(case_tasks(user), "created", "task"):
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
                url=task_url(case, node.name, detail(case.pk), edit(case.pk), unassigned),
                reference=case.reference,
                title=case.full_name,
                source="task",
                source_id=task.pk,
            )
        )
    if has_role(user, Role.CELL_CASEWORKER):
        for referral in window.rows(_overdue_referrals(user), "due_date", "referral"):
            items.append(
                WorkItem(
                    process="case",
                    object_id=referral.case_id,
                    task="overdue_referral",
                    label=_("Relancer l'orientation en retard : %(referral)s")
                    % {"referral": referral},
                    since=midnight(referral.due_date),
                    url=f"{detail(referral.case_id)}#referral-{referral.pk}",
                    reference=referral.case.reference,
                    title=referral.case.full_name,
                    source="referral",
                    source_id=referral.pk,
                )
            )
    return window.cut(items)
