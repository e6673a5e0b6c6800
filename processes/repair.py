"""Finding and mending routing that disagrees with the business status.

A process's routing (its viewflow tasks) follows its objects' status: each
status needs some open tasks (a submitted proposal: « screen »), and a final
status none. A task deleted or edited by hand, or a write interrupted between
the status and the flow, leaves them apart; the services then refuse to go on
(`processes.routing.RoutingError`, a 409) rather than guess.

Each process declares, in its own `<app>/repair.py`, one `RoutingCheck` per
routed model: which objects to look at, and which flow nodes each one's status
needs open. `manage.py repair_routing` (and the demo's test) gathers them all
with `routing_checks()`; a `Mismatch` says what is wrong with one object, and
`RoutingCheck.repair` mends it: starts a process where none runs, opens the
missing tasks, cancels the tasks the status has left, stops the process of an
object that is finished.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from typing import Any, Generic, TypeVar

from django.apps import apps
from django.db import models, transaction
from viewflow.workflow.base import Node
from viewflow.workflow.models import Task

from processes.routing import Router

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Mismatch:
    """What is wrong with one object's routing."""

    obj: models.Model
    label: str  # the object as the report names it ("projet PRJ-2026-0001 (returned)")
    missing: tuple[Node, ...]  # nodes its status needs open, with no open task
    stale: tuple[Task, ...]  # open tasks at nodes its status has left
    stop: bool  # a running process, though the object is finished
    no_process: bool = False  # no running process, though the object is open

    def problems(self) -> list[str]:
        lines = ["aucun processus en cours"] if self.no_process else []
        lines += [f"aucune tâche ouverte « {node.name} »" for node in self.missing]
        lines += [
            f"tâche « {task.flow_task.name} » (n° {task.pk}) encore ouverte" for task in self.stale
        ]
        if self.stop:
            lines.append("processus encore en cours")
        return lines


class RoutingCheck(Generic[M]):
    """The routing one status field needs, for every object of `queryset()`.

    `needs(obj)` gives the nodes that must have an open task (empty: a final
    status, no running process either); `label(obj)` names the object in reports.
    """

    def __init__(
        self,
        *,
        router: Router[Any],
        queryset: Callable[[], models.QuerySet[M]],
        needs: Callable[[M], frozenset[Node]],
        label: Callable[[M], str],
    ) -> None:
        self.router = router
        self.queryset = queryset
        self.needs = needs
        self.label = label

    def mismatch(self, obj: M) -> Mismatch | None:
        needed = self.needs(obj)
        open_tasks = list(self.router.open_tasks(obj).order_by("pk"))
        open_nodes = {task.flow_task for task in open_tasks}
        missing = tuple(sorted((n for n in needed if n not in open_nodes), key=lambda n: n.name))
        stale = tuple(task for task in open_tasks if task.flow_task not in needed)
        running = self.router.running_process(obj) is not None
        stop = not needed and running and not stale
        if missing or stale or stop:
            return Mismatch(
                obj=obj,
                label=self.label(obj),
                missing=missing,
                stale=stale,
                stop=stop,
                no_process=bool(needed) and not running,
            )
        return None

    def mismatches(self) -> Iterator[Mismatch]:
        for obj in self.queryset().iterator():
            found = self.mismatch(obj)
            if found is not None:
                yield found

    def repair(self, mismatch: Mismatch) -> list[str]:
        """Mend one object's routing; what was done, one line per change."""
        obj = mismatch.obj
        needed = self.needs(obj)  # type: ignore[arg-type]
        with transaction.atomic():
            if not needed:
                self.router.cancel(obj)
                return ["processus annulé avec ses tâches ouvertes"]
            done: list[str] = []
            if self.router.running_process(obj) is None:
                self.router.start(obj)
                done.append("processus démarré")
            # The stale tasks, and the first step of a process started just now if not needed.
            for task in self.router.open_tasks(obj).order_by("pk"):
                if task.flow_task not in needed:
                    self.router.cancel_task(task)
                    done.append(f"tâche « {task.flow_task.name} » (n° {task.pk}) annulée")
            for node in sorted(needed, key=lambda n: n.name):
                if self.router.open_task(obj, node) is None:
                    task = self.router.open_at(obj, node)
                    done.append(f"tâche « {node.name} » (n° {task.pk}) ouverte")
        return done


def routing_checks() -> list[RoutingCheck[Any]]:
    """Every process's checks: the `CHECKS` of each installed app's `repair` module."""
    checks: list[RoutingCheck[Any]] = []
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.repair"
        if app_config.name != "processes" and find_spec(name) is not None:
            checks.extend(import_module(name).CHECKS)
    return checks


def all_mismatches() -> list[tuple[RoutingCheck[Any], Mismatch]]:
    return [(check, found) for check in routing_checks() for found in check.mismatches()]
