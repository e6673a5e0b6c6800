"""Glue between a process's services and the viewflow flow that routes its work.

A service fires the FSM transition first and then moves the flow on, inside the
same transaction, so the flow's switches see the new status. Permissions are
checked by the services (each process's `access` module): viewflow's activations
do not check them when called from code.

Each process makes one `Router` for its flow (`<app>/routing.py`) and calls it.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any, Generic, TypeVar

from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from viewflow.fsm import TransitionNotAllowed
from viewflow.workflow.base import Node
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS, STATUS
from viewflow.workflow.token import Token

from accounts.types import AnyUser
from processes.transitions import InvalidState

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)

P = TypeVar("P", bound=Process)


NEEDS_REPAIR = _(
    "Le circuit de traitement de cet élément est incohérent (une étape attendue manque) : "
    "un administrateur doit le réparer avant de continuer."
)


class RoutingError(InvalidState):
    """The flow is not where the business status says it should be: a 409 whose
    message tells the user an administrator must repair it (`manage.py
    repair_routing`); `technical` says what is missing, for the logs."""

    def __init__(self, technical: str) -> None:
        super().__init__(str(NEEDS_REPAIR))
        self.technical = technical


class Router(Generic[P]):
    """The viewflow side of one process: `flow` routes `process_model` rows, each
    linked to its business object by the foreign key `link` (e.g. "proposal")."""

    def __init__(self, *, flow: Any, process_model: type[P], link: str) -> None:
        self.flow = flow
        self.process_model = process_model
        self.link = link
        # Task -> process -> the process model's row -> the business object.
        self._task_lookup = f"process__{process_model._meta.model_name}__{link}"

    def start(self, obj: models.Model) -> P:
        process: P = self.flow.start.run(**{self.link: obj})
        return process

    def ensure_running(self, obj: models.Model) -> None:
        """Start a process for `obj` unless one is running (a reopened object starts anew)."""
        if (
            not self.process_model._default_manager.filter(**{self.link: obj})
            .filter(status=PROCESS.NEW)
            .exists()
        ):
            self.start(obj)

    def open_tasks(self, obj: models.Model) -> models.QuerySet[Task]:
        return Task.objects.filter(**{self._task_lookup: obj}, status__in=OPEN)

    def open_task(self, obj: models.Model, node: Node) -> Task | None:
        return self.open_tasks(obj).filter(flow_task=node).order_by("-created").first()

    def complete(self, obj: models.Model, node: Node, user: AnyUser) -> None:
        """Finish the open human task at `node` on behalf of `user` and route onwards."""
        task = self.open_task(obj, node)
        if task is None:
            raise RoutingError(f"No open {node.name} task for {self.link} {obj.pk}")
        with self.flow.lock(task.process_id):
            task.refresh_from_db()
            activation = node.activation_class(task)
            if task.status == STATUS.NEW and user.is_authenticated:
                activation.assign(user)
            elif task.status == STATUS.NEW:
                raise RoutingError("A human task needs a user")
            if task.status == STATUS.ASSIGNED:
                activation.start(None)
            activation.execute()

    def fire(self, obj: models.Model, node: Node) -> None:
        """Move past a `Handle` node (a step done by the system, not a person)."""
        task = self.open_task(obj, node)
        if task is None:
            raise RoutingError(f"No waiting {node.name} step for {self.link} {obj.pk}")
        node.run(task)

    def reassign(self, obj: models.Model, nodes: Sequence[Node], user: AnyUser) -> None:
        """Hand the open steps at `nodes` to `user` (assignment, transfer)."""
        Task.objects.filter(
            **{self._task_lookup: obj},
            flow_task__in=list(nodes),
            status__in=[STATUS.NEW, STATUS.ASSIGNED],
        ).update(owner=user, status=STATUS.ASSIGNED)

    # --- Repairs (`processes.repair`) ---------------------------------------------------

    def running_process(self, obj: models.Model) -> P | None:
        return (
            self.process_model._default_manager.filter(**{self.link: obj}, status=PROCESS.NEW)
            .order_by("-pk")
            .first()
        )

    def open_at(self, obj: models.Model, node: Node) -> Task:
        """Open a task at `node` for `obj`, as the flow would have (its owner and
        permission included), in the running process (started if none runs)."""
        process = self.running_process(obj) or self.start(obj)
        with self.flow.lock(process.pk):
            previous = process.task_set.order_by("-created", "-pk").first()
            activation = node.activation_class.create(
                node, SimpleNamespace(process=process, task=previous), Token("start")
            )
        task: Task = activation.task
        return task

    def cancel_task(self, task: Task) -> None:
        """Cancel one open task the object's state no longer needs."""
        with self.flow.lock(task.process_id):
            try:
                task.flow_task.activation_class(task).cancel()
            except TransitionNotAllowed:
                Task.objects.filter(pk=task.pk).update(status=STATUS.CANCELED, finished=now())

    def cancel(self, obj: models.Model) -> None:
        """Stop routing work for an object that reached a terminal status."""
        process = self.running_process(obj)
        if process is not None:
            self.flow.instance.cancel(process)
