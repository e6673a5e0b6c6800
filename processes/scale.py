"""Large data sets written fast: objects made once through the services, then copied in bulk.

A process's `scale` module (see `manage.py seed_scale`) builds one *template* object per
scenario, a state of its lifecycle reached as users reach it, through the services,
inside a `Capture`: the capture keeps every row those services wrote in the tables it
watches (the object, its children, its viewflow process and tasks, its history). A
`Copier` then writes as many copies as asked with bulk inserts (COPY on PostgreSQL,
batched INSERTs elsewhere), each copy being its template with:

- new primary keys, and foreign keys (history's generic ones too) that point at the
  copy's own rows;
- its times and days moved back by the copy's `shift_days` (whole days, so the order
  of every two moments of an object, and the day of each, stays as the services left
  them);
- the template's actors swapped for the copy's (`users`: in every column that names a
  user, and in the history's « person » facts, with their names);
- the values its process gives it (`values`: the owner, the reference, the names…).

History rows are chained in Python in the order they are inserted (`audit.chain`), so
`verify_audit` holds afterwards; the tables' sequences are moved past the new keys.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models

from accounts.roles import Role
from audit.chain import canonical, digest, last_hash, lock_chain
from audit.labels import person_name
from audit.models import HistoryEntry, history_content

Row = dict[str, Any]
Model = type[models.Model]
# How many copies are written per round of inserts.
CHUNK = 1000


@dataclass
class ScaleContext:
    """What `manage.py seed_scale` asks of each app's `scale.seed(context)`."""

    proposals: int
    cases: int
    password: str
    rng: random.Random
    say: Callable[[str], None]
    # What an app leaves for the apps after it (the registry's associations, …).
    shared: dict[str, Any] = field(default_factory=dict)


def bulk_users(people: Sequence[tuple[str, str, str]], role: Role, password: str) -> list[Any]:
    """Users (username, first name, last name) holding `role`, created at once if missing;
    all with the same `password`, hashed once."""
    user_model = get_user_model()
    wanted = [username for username, _first, _last in people]
    existing = set(
        user_model.objects.filter(username__in=wanted).values_list("username", flat=True)
    )
    hashed = make_password(password)
    user_model.objects.bulk_create(
        user_model(
            username=username,
            first_name=first,
            last_name=last,
            password=hashed,
            email=f"{username}@example.org",
        )
        for username, first, last in people
        if username not in existing
    )
    users = list(user_model.objects.filter(username__in=wanted).order_by("pk"))
    group = Group.objects.get(name=role.value)
    through = user_model.groups.through
    through.objects.bulk_create(
        [through(user_id=user.pk, group_id=group.pk) for user in users], ignore_conflicts=True
    )
    return users


def person_names(ids: Iterable[int]) -> dict[int, str]:
    """Each user's name as the history's « person » facts give it."""
    return {user.pk: person_name(user) for user in get_user_model().objects.filter(pk__in=ids)}


def _columns(model: Model) -> list[models.Field[Any, Any]]:
    """The columns of `model`'s own table (a child model's parent table is watched apart)."""
    return list(model._meta.local_concrete_fields)


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
        self._before = {model: _max_pk(model) for model in self.models}
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def snapshot(self) -> dict[Model, list[Row]]:
        rows: dict[Model, list[Row]] = {}
        for model in self.models:
            attnames = [f.attname for f in _columns(model)]
            pk = model._meta.pk.attname
            found = model._base_manager.filter(**{f"{pk}__gt": self._before[model]})
            rows[model] = [
                row for row in found.order_by(pk).values(*attnames) if not self.skip(model, row)
            ]
        return rows


def _max_pk(model: Model) -> int:
    pk = model._meta.pk.attname
    return model._base_manager.aggregate(top=models.Max(pk))["top"] or 0


@dataclass
class Copy:
    """What makes one copy differ from its template."""

    shift_days: int = 0
    users: dict[int, int] = field(default_factory=dict)  # template's actor → copy's
    names: dict[int, str] = field(default_factory=dict)  # copy's actor → name in history
    # Per model: column → value, or a function of the copy's new primary key.
    values: dict[Model, dict[str, Any]] = field(default_factory=dict)


# The operations that turn a template's row into a copy's (see `_Compiled`).
_PK, _FK, _TIME, _USER, _PERSON = range(5)


def _swap_people(value: Any, users: dict[int, int], names: dict[int, str]) -> Any:
    """`value` (history facts) with each « person » {user, name} of `users` swapped."""
    if isinstance(value, dict):
        if isinstance(value.get("user"), int) and value["user"] in users and "name" in value:
            user = users[value["user"]]
            return {**value, "user": user, "name": names.get(user, value["name"])}
        return {key: _swap_people(item, users, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_swap_people(item, users, names) for item in value]
    return value


def _mentions(value: Any, actors: set[int]) -> bool:
    return json.dumps(_swap_people(value, dict.fromkeys(actors, 0), {})) != json.dumps(value)


class _Compiled:
    """One template's rows of one table, ready to copy: each row's values converted
    for the database once, and the list of what changes in each copy."""

    def __init__(
        self, model: Model, rows: list[Row], index: dict[Model, dict[int, int]], actors: set[int]
    ) -> None:
        self.model = model
        self.fields = _columns(model)
        self.names = [f.attname for f in self.fields]
        self.rows: list[tuple[list[Any], list[tuple[int, int, Any]]]] = []
        self.history = model is HistoryEntry
        self.python: list[Row] = []  # a history row's own values, for its hash
        # Times as the database takes them: PostgreSQL's driver takes Python's own.
        self.time = [_time_converter(column) for column in self.fields]
        user_model = get_user_model()
        for row in rows:
            base: list[Any] = []
            ops: list[tuple[int, int, Any]] = []
            for i, column in enumerate(self.fields):
                value = row[column.attname]
                target = column.related_model if column.is_relation else None
                if column.primary_key and target is None:
                    ops.append((i, _PK, index[model][value]))
                elif target is not None and value in index.get(_concrete(target), {}):
                    ops.append((i, _FK, (_concrete(target), index[_concrete(target)][value])))
                elif target is user_model and value in actors:
                    ops.append((i, _USER, value))
                elif isinstance(value, (date, datetime)):
                    ops.append((i, _TIME, value))
                elif isinstance(column, models.JSONField) and _mentions(value, actors):
                    ops.append((i, _PERSON, value))
                base.append(_prepared(column, value))
            if self.history:
                ops.extend(self._generic(row, index))
                self.python.append({**row, "data": canonical(row["data"])})
            self.rows.append((base, ops))

    def _generic(self, row: Row, index: dict[Model, dict[int, int]]) -> list[Any]:
        """History's object, when it is one of the template's rows."""
        target = ContentType.objects.get_for_id(row["content_type_id"]).model_class()
        keys = index.get(_concrete(target), {}) if target is not None else {}
        if row["object_id"] not in keys:
            return []
        position = self.names.index("object_id")
        return [(position, _FK, (_concrete(target), keys[row["object_id"]]))]


def _time_converter(column: models.Field[Any, Any]) -> Callable[[Any], Any]:
    if connection.vendor == "postgresql":
        return lambda value: value
    return lambda value: column.get_db_prep_save(value, connection)


def _concrete(model: Any) -> Model:
    concrete: Model = model._meta.concrete_model
    return concrete


def _prepared(column: models.Field[Any, Any], value: Any) -> Any:
    if value is not None and isinstance(column, models.JSONField):
        return json.dumps(value, cls=column.encoder)
    return column.get_db_prep_save(value, connection)


@dataclass
class Template:
    """One scenario's rows, the actors a copy may swap (user ids), and what the
    process measured on the way there (a call's committed amount, for instance)."""

    name: str
    rows: dict[Model, list[Row]]
    actors: set[int] = field(default_factory=set)
    measured: int = 0


# A scenario: its name, its share (in parts of the sum), the steps from its object's start.
Scenario = tuple[str, int, tuple[str, ...]]
# History rows about a stored PDF, which is not copied (each is unique).
NOT_COPIED = {"document", "regenerate_document", "document_failed"}


def not_copied(model: Model, row: Row) -> bool:
    return model is HistoryEntry and row["action"] in NOT_COPIED


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


def drawn(
    rng: random.Random, templates: list[Template], scenarios: Sequence[Scenario], count: int
) -> list[Template]:
    """`count` templates drawn by their scenarios' shares, each at least once if `count` allows."""
    first = templates[:count]
    shares = [share for _name, share, _path in scenarios]
    return first + rng.choices(templates, weights=shares, k=count - len(first))


class Copier:
    """Write copies of templates into `models`' tables (listed parents first)."""

    def __init__(self, models_: Sequence[Model]) -> None:
        self.models = list(models_)
        self._compiled: dict[str, dict[Model, _Compiled]] = {}
        self._labels: dict[int, str] = {}

    def _compile(self, template: Template) -> dict[Model, _Compiled]:
        if template.name not in self._compiled:
            index = {
                _concrete(model): {row[model._meta.pk.attname]: j for j, row in enumerate(rows)}
                for model, rows in template.rows.items()
            }
            self._compiled[template.name] = {
                model: _Compiled(model, template.rows.get(model, []), index, template.actors)
                for model in self.models
            }
        return self._compiled[template.name]

    def write(
        self,
        copies: Iterable[tuple[Template, Copy]],
        progress: Callable[[int], None] = lambda done: None,
    ) -> int:
        """Write every copy; returns how many were written. Call inside a transaction."""
        lock_chain(HistoryEntry, connection.alias)
        self._previous = last_hash(HistoryEntry, connection.alias)
        self._next = {model: _max_pk(model) + 1 for model in self.models}
        done = 0
        for chunk in _chunks(copies, CHUNK):
            tables: dict[Model, list[list[Any]]] = {model: [] for model in self.models}
            for template, copy in chunk:
                self._copy(self._compile(template), copy, tables)
            for model in self.models:
                _insert(model, tables[model])
            done += len(chunk)
            progress(done)
        _reset_sequences(self.models)
        return done

    def _copy(self, compiled: dict[Model, _Compiled], copy: Copy, tables: dict[Model, Any]) -> None:
        first = dict(self._next)
        shift = timedelta(days=copy.shift_days)
        for model in self.models:
            table = compiled[model]
            fixed = [
                (table.names.index(name), value)
                for name, value in copy.values.get(model, {}).items()
            ]
            for number, (base, ops) in enumerate(table.rows):
                row = list(base)
                pk = None
                for i, op, arg in ops:
                    if op == _PK:
                        row[i] = pk = first[model] + arg
                    elif op == _FK:
                        row[i] = first[arg[0]] + arg[1]
                        pk = row[i] if table.fields[i].primary_key else pk
                    elif op == _USER:
                        row[i] = copy.users.get(arg, arg)
                    elif op == _TIME:
                        row[i] = table.time[i](arg - shift)
                    else:
                        row[i] = _swap_people(arg, copy.users, copy.names)
                for i, value in fixed:
                    value = value(pk) if callable(value) else value
                    row[i] = _prepared(table.fields[i], value)
                if table.history:
                    self._chain(table, number, row, shift)
                elif any(op == _PERSON for _i, op, _a in ops):
                    row = [
                        _prepared(table.fields[i], v) if isinstance(v, (dict, list)) else v
                        for i, v in enumerate(row)
                    ]
                tables[model].append(row)
        for model in self.models:
            self._next[model] += len(compiled[model].rows)

    def _chain(self, table: _Compiled, number: int, row: list[Any], shift: timedelta) -> None:
        """Fill the history row's two hashes, after the row before it."""
        names = table.names
        values = dict(table.python[number])
        values["object_id"] = row[names.index("object_id")]
        values["by_id"] = row[names.index("by_id")]
        values["at"] = values["at"] - shift
        data = row[names.index("data")]
        if not isinstance(data, str):  # the template's facts with the copy's people
            values["data"] = canonical(data)
            row[names.index("data")] = json.dumps(data)
        content = history_content(_Fields(values), self._label(values["content_type_id"]))
        row[names.index("previous_hash")] = self._previous
        self._previous = digest(self._previous, content)
        row[names.index("hash")] = self._previous

    def _label(self, content_type_id: int) -> str:
        if content_type_id not in self._labels:
            content_type = ContentType.objects.get_for_id(content_type_id)
            self._labels[content_type_id] = f"{content_type.app_label}.{content_type.model}"
        return self._labels[content_type_id]


class _Fields:
    """A row's values read as attributes (what `history_content` reads)."""

    def __init__(self, values: Row) -> None:
        self.__dict__.update(values)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _insert(model: Model, rows: list[list[Any]]) -> None:
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(str(f.column)) for f in _columns(model))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(rows[0]))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _reset_sequences(models_: Sequence[Model]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
