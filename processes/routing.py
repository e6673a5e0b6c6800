"""Glue between a process's services and the viewflow flow that routes its work.

A service fires the FSM transition first and then moves the flow on, inside the
same transaction, so the flow's switches see the new status. Permissions are
checked by the services (each process's `access` module): viewflow's activations
do not check them when called from code.

Each process makes one `Router` for its flow (`<app>/routing.py`) and calls it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from types import SimpleNamespace
from typing import Any, Generic, TypeVar

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from viewflow.fsm import TransitionNotAllowed
from viewflow.workflow.activation import Activation
from viewflow.workflow.base import Node
from viewflow.workflow.models import Process, Task
from viewflow.workflow.nodes import End, Switch, View
from viewflow.workflow.signals import flow_finished, task_finished, task_started
from viewflow.workflow.status import PROCESS, STATUS
from viewflow.workflow.token import Token

from accounts.types import AnyUser
from processes.transitions import InvalidState

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
# What viewflow no longer counts as active (`Flow.cancel` leaves these as they are).
CLOSED = (STATUS.DONE, STATUS.CANCELED, STATUS.REVIVED)

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
        """Finish the open human task at `node` on behalf of `user` and route onwards.

        `obj` is the copy the transition just saved: the flow's switches read it. The
        task is read with its process, whose row is locked as the flow's own lock does;
        it is done in one write (owner, start and end at once), and when the switches
        lead to a human task, the switches' finished tasks and that task are written
        together, then their links to the tasks before them: the same rows viewflow's
        activations leave one by one. Any other way on is viewflow's own.
        """
        task = self._locked_open_task(obj, node)
        if task is None:
            raise RoutingError(f"No open {node.name} task for {self.link} {obj.pk}")
        process = task.process.coerced
        setattr(process, self.link, obj)
        activation = node.activation_class(task)
        if task.status == STATUS.NEW and not user.is_authenticated:
            raise RoutingError("A human task needs a user")
        if task.status == STATUS.NEW:
            # What `activation.assign(user)` sets, without its own write.
            task.owner = user
            task.status = STATUS.ASSIGNED
        if task.status == STATUS.ASSIGNED:
            activation.start(None)
        self._finish(activation, node, process, task)

    def _finish(self, activation: Activation, node: Node, process: Any, task: Task) -> None:
        """Finish the started `task` and route onwards: in one write, then the switches
        and the next task (`_write_path`), or by viewflow's activations."""
        path = _switched_path(activation, node)
        if path is None:
            activation.execute()
            return
        task.status = STATUS.DONE
        task.finished = now()
        task.save()
        task_finished.send(sender=self.flow, process=process, task=task)
        _write_path(self.flow, process, task, path)

    def _locked_open_task(self, obj: models.Model, node: Node) -> Task | None:
        """The newest open task at `node`, with its process, the process row locked
        (viewflow's `select_for_update_lock` locks the same row)."""
        own = f"process__{self.process_model._meta.model_name}"
        return (
            self.open_tasks(obj)
            .filter(flow_task=node)
            .select_related(own)
            .select_for_update(of=(own,))
            .order_by("-created")
            .first()
        )

    def fire(self, obj: models.Model, node: Node) -> None:
        """Move past a `Handle` node (a step done by the system, not a person), as
        `complete` moves past a human task (the flow's switches read the object from
        the database: `obj` may be a copy read earlier)."""
        task = self._locked_open_task(obj, node)
        if task is None:
            raise RoutingError(f"No waiting {node.name} step for {self.link} {obj.pk}")
        if getattr(node, "_func", None) is not None:
            node.run(task)  # a step with a function of its own: viewflow runs it
            return
        process = task.process.coerced
        activation = node.activation_class(task)
        activation.run(None)
        self._finish(activation, node, process, task)

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
        """Stop routing work for an object that reached a terminal status: its running
        process and every task still open in it are cancelled, as viewflow's
        `Flow.cancel` leaves them, in one write each, the process row locked first."""
        running = (
            self.process_model._default_manager.filter(**{self.link: obj}, status=PROCESS.NEW)
            .select_for_update()
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
        if running is None:
            return
        finished = now()
        Task.objects.filter(process_id=running).exclude(status__in=CLOSED).update(
            status=STATUS.CANCELED, finished=finished
        )
        Process.objects.filter(pk=running).update(status=PROCESS.CANCELED, finished=finished)


def _switched_path(activation: Any, node: Node) -> list[tuple[Node, Activation | None]] | None:
    """Where `node` leads through switches only, to a human task or the end: each switch
    with the activation its conditions were read on, then the last node (None after
    it); None when the way on is anything else (a system step), left to viewflow."""
    path: list[tuple[Node, Activation | None]] = []
    if getattr(node, "_task_data", None) or getattr(node, "_task_seed", None):
        return None
    current = getattr(node, "_next", None)
    while isinstance(current, Switch):
        switch_task = type(activation.task)(
            process=activation.process, flow_task=current, token=activation.task.token
        )
        switch_activation = current.activation_class(switch_task)
        chosen = next(
            (
                target
                for target, condition in current._branches
                if condition is None or condition(switch_activation)
            ),
            None,
        )
        if chosen is None:
            return None
        path.append((current, switch_activation))
        current = chosen
    if not isinstance(current, View | End):
        return None
    path.append((current, None))
    return path


def _write_path(
    flow: Any, process: Any, done: Task, path: list[tuple[Node, Activation | None]]
) -> None:
    """Write the switches of `path` as done, then its human task as open or its end as
    done (the process finished with it when nothing else is open), each task linked to
    the one before it: the rows viewflow's activations would leave, in fewer writes."""
    task_class = type(done)
    tasks: list[Task] = []
    for _switch, switch_activation in path[:-1]:
        assert switch_activation is not None
        switch_activation.task.status = STATUS.DONE
        switch_activation.task.finished = now()
        tasks.append(switch_activation.task)
    target, _none = path[-1]
    last = task_class(process=process, flow_task=target, token=done.token)
    activation = target.activation_class(last)
    if isinstance(target, End):
        last.status = STATUS.DONE
        last.started = last.finished = now()
    else:
        _assign(target, activation, last)
    tasks.append(last)
    for task in tasks:
        task.data = {}
        # What `Task.save()` fills in and `bulk_create` does not: viewflow's own inbox and
        # queue read the type ("HUMAN" for a view).
        task.flow_task_type = task.flow_task.task_type
    task_class._default_manager.bulk_create(tasks)
    links = task_class.previous.through
    chain = [done, *tasks]
    links.objects.bulk_create(
        [links(from_task_id=later.pk, to_task_id=earlier.pk) for earlier, later in pairwise(chain)]
    )
    for switch_task in tasks[:-1]:
        task_finished.send(sender=flow, process=process, task=switch_task)
    if isinstance(target, End):
        _end(flow, process, last)
    elif target._on_create is not None:
        target._on_create(activation)


def _assign(node: Node, activation: Activation, task: Task) -> None:
    """The owner and permission a new human task gets, as viewflow's `View` gives them."""
    permission = node.calc_owner_permission(activation)
    if permission:
        task.owner_permission = permission
        task.owner_permission_obj = node.calc_owner_permission_obj(activation)
    owner = node.calc_owner(activation)
    if owner:
        task.owner = owner
        task.status = STATUS.ASSIGNED


def _end(flow: Any, process: Any, task: Task) -> None:
    """The end reached: the process is done unless another of its tasks is unfinished."""
    task_started.send(sender=flow, process=process, task=task)
    others = type(task)._default_manager.filter(process_id=process.pk, finished__isnull=True)
    finished = now()
    done = (
        Process.objects.filter(pk=process.pk)
        .exclude(Exists(others.filter(process_id=OuterRef("pk"))))
        .update(status=PROCESS.DONE, finished=finished)
    )
    task_finished.send(sender=flow, process=process, task=task)
    if done:
        process.status, process.finished = PROCESS.DONE, finished
        flow_finished.send(sender=flow, process=process, task=task)
