"""Glue between the proposal services and the viewflow process that routes the work.

The services fire the FSM transition first and then move the flow on, inside
the same transaction, so the switches in `workflows.flows` see the new status.
Permissions are checked by the services (`workflows.access`): viewflow's
activations do not check them when called from code.
"""

from __future__ import annotations

from viewflow.workflow.base import Node
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from accounts.types import AnyUser
from workflows.flows import ProposalFlow
from workflows.models import Proposal, ProposalProcess

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


class RoutingError(RuntimeError):
    """The flow is not where the business status says it should be."""


def start(proposal: Proposal) -> ProposalProcess:
    process: ProposalProcess = ProposalFlow.start.run(proposal=proposal)
    return process


def process_of(proposal: Proposal) -> ProposalProcess | None:
    return ProposalProcess.objects.filter(proposal=proposal).first()


def open_task(proposal: Proposal, node: Node) -> Task | None:
    return (
        Task.objects.filter(
            process__proposalprocess__proposal=proposal, flow_task=node, status__in=OPEN
        )
        .order_by("-created")
        .first()
    )


def complete(proposal: Proposal, node: Node, user: AnyUser) -> None:
    """Finish the open human task at `node` on behalf of `user` and route onwards."""
    task = open_task(proposal, node)
    if task is None:
        raise RoutingError(f"No open {node.name} task for proposal {proposal.pk}")
    with ProposalFlow.lock(task.process_id):
        task.refresh_from_db()
        activation = node.activation_class(task)
        if task.status == STATUS.NEW and user.is_authenticated:
            activation.assign(user)
        elif task.status == STATUS.NEW:
            raise RoutingError("A human task needs a user")
        if task.status == STATUS.ASSIGNED:
            activation.start(None)
        activation.execute()


def fire(proposal: Proposal, node: Node) -> None:
    """Move past a `Handle` node (a step done by the system, not a person)."""
    task = open_task(proposal, node)
    if task is None:
        raise RoutingError(f"No waiting {node.name} step for proposal {proposal.pk}")
    node.run(task)


def cancel(proposal: Proposal) -> None:
    """Stop routing work for a proposal that reached a terminal status."""
    process = process_of(proposal)
    if process is not None and process.status == PROCESS.NEW:
        ProposalFlow.instance.cancel(process)
