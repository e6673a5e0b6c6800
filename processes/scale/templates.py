"""Templates: the rows the services write for one object, kept at each step of its way."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from viewflow.workflow.models import Process, Task

from audit.models import HistoryEntry

Row = dict[str, Any]
Model = type[models.Model]
# A scenario: its name, its share (in parts of the sum), the steps from its object's start.
Scenario = tuple[str, int, tuple[str, ...]]
# History rows about a stored PDF, which is not copied (each is unique).
NOT_COPIED = {"document", "regenerate_document", "document_failed"}


def columns(model: Model) -> list[models.Field[Any, Any]]:
    """The columns of `model`'s own table (a child model's parent table is watched apart)."""
    return list(model._meta.local_concrete_fields)


def flow_tables(process_model: Model) -> list[Model]:
    """The tables of a process's viewflow routing, parents first: its processes (viewflow's
    table and the process model's own), their tasks and the tasks' links."""
    return [Process, process_model, Task, Task.previous.through]


def max_pk(model: Model) -> int:
    pk = model._meta.pk.attname
    return model._base_manager.aggregate(top=models.Max(pk))["top"] or 0


def not_copied(model: Model, row: Row) -> bool:
    return model is HistoryEntry and row["action"] in NOT_COPIED


class Capture:
    """The rows written to `models`' tables since the `with` block began.

    Rows are told apart by their primary keys (those above the largest before the
    block); `snapshot()` reads them as they are now, so one object moved through its
    states gives the rows of each state. `skip(model, row)` leaves out rows that are
    not copied (a stored PDF's history row, for instance)."""

    def __init__(self, models_: Sequence[Model], skip: Callable[[Model, Row], bool]) -> None:
        self.models = list(models_)
        self.skip = skip

    def __enter__(self) -> Capture:
        self._before = {model: max_pk(model) for model in self.models}
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def snapshot(self) -> dict[Model, list[Row]]:
        rows: dict[Model, list[Row]] = {}
        for model in self.models:
            attnames = [f.attname for f in columns(model)]
            pk = model._meta.pk.attname
            found = model._base_manager.filter(**{f"{pk}__gt": self._before[model]})
            rows[model] = [
                row for row in found.order_by(pk).values(*attnames) if not self.skip(model, row)
            ]
        return rows


@dataclass
class Template:
    """One scenario's rows, the actors a copy may swap (user ids), and what the
    process measured on the way there (a call's committed amount, for instance)."""

    name: str
    rows: dict[Model, list[Row]]
    actors: set[int] = field(default_factory=set)
    measured: int = 0


def branches(scenarios: Sequence[Scenario]) -> list[tuple[str, ...]]:
    """The fewest paths whose prefixes are all the scenarios' (one object walks each)."""
    paths = sorted({path for _name, _share, path in scenarios}, key=len, reverse=True)
    return [p for i, p in enumerate(paths) if not any(q[: len(p)] == p for q in paths[:i])]


def walk(
    scenarios: Sequence[Scenario],
    models_: Sequence[Model],
    start: Callable[[], Any],
    steps: dict[str, Callable[[Any], Any]],
    actors: set[int],
    measure: Callable[[], int] = lambda: 0,
) -> list[Template]:
    """The scenarios' templates: one object per branch, made by `start()` and moved on by
    `steps` (the process's services); after each step that ends a scenario's path, the
    rows as they are then, and how much `measure()` grew since the object's start."""
    templates: dict[str, Template] = {}
    for branch in branches(scenarios):
        origin = measure()
        with Capture(models_, not_copied) as capture:
            obj = start()
            for done in range(len(branch) + 1):
                if done:
                    steps[branch[done - 1]](obj)
                    obj.refresh_from_db()
                for name, _share, path in scenarios:
                    if path == branch[:done] and name not in templates:
                        rows = capture.snapshot()
                        templates[name] = Template(name, rows, actors, measure() - origin)
    return [templates[name] for name, _share, _path in scenarios]


def moments(template: Template) -> list[datetime.datetime]:
    """Every time `template`'s rows hold."""
    return [
        value
        for rows in template.rows.values()
        for row in rows
        for value in row.values()
        if isinstance(value, datetime.datetime)
    ]


def stay_stretch(template: Template, days: float) -> float:
    """The `Copy.stretch` under which `template`'s stays (from a history row's
    `source_since` to its time) last `days` on average; 1 when it has none."""
    stays = [
        (row["at"] - row["source_since"]).total_seconds()
        for row in template.rows.get(HistoryEntry, [])
        if row.get("source_since") is not None
    ]
    mean = sum(stays) / len(stays) if stays else 0
    return days * 86_400 / mean if mean > 0 else 1.0


def drawn(
    rng: random.Random, templates: list[Template], scenarios: Sequence[Scenario], count: int
) -> list[Template]:
    """`count` templates drawn by their scenarios' shares, each at least once if `count` allows."""
    first = templates[:count]
    shares = [share for _name, share, _path in scenarios]
    return first + rng.choices(templates, weights=shares, k=count - len(first))
