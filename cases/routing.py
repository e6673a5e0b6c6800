"""Glue between the case services and the viewflow process that routes the work."""

from __future__ import annotations

from django.contrib.auth.models import User
from viewflow.workflow.base import Node
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from accounts.types import AnyUser
from cases.flows import CaseFlow
from cases.models import Case, CaseProcess

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


class RoutingError(RuntimeError):
    """The flow is not where the business status says it should be."""


def start(case: Case) -> None:
    CaseFlow.start.run(case=case)


def open_task(case: Case, node: Node) -> Task | None:
    return (
        Task.objects.filter(process__caseprocess__case=case, flow_task=node, status__in=OPEN)
        .order_by("-created")
        .first()
    )


def complete(case: Case, node: Node, user: AnyUser) -> None:
    """Finish the open human task at `node` on behalf of `user` and route onwards."""
    task = open_task(case, node)
    if task is None:
        raise RoutingError(f"No open {node.name} task for case {case.pk}")
    with CaseFlow.lock(task.process_id):
        task.refresh_from_db()
        activation = node.activation_class(task)
        if task.status == STATUS.NEW:
            activation.assign(user)
        if task.status == STATUS.ASSIGNED:
            activation.start(None)
        activation.execute()


def reassign(case: Case, caseworker: User) -> None:
    """Hand the caseworker's open steps to another caseworker (assignment, transfer)."""
    Task.objects.filter(
        process__caseprocess__case=case,
        flow_task__in=[CaseFlow.assess, CaseFlow.support],
        status__in=[STATUS.NEW, STATUS.ASSIGNED],
    ).update(owner=caseworker, status=STATUS.ASSIGNED)


def ensure_running(case: Case) -> None:
    """A reopened case starts a new process; a new case its first one."""
    if not CaseProcess.objects.filter(case=case, status=PROCESS.NEW).exists():
        start(case)
