"""Copies of templates, written in bulk (COPY on PostgreSQL, batched INSERTs elsewhere).

Each template's rows are compiled once: their values converted for the database, and
the list of what changes in a copy (its keys, the keys it points at, its times, its
people). A copy is then a few list writes per row; its history rows are hashed in
the order they are written, after the table's last row. On PostgreSQL a second
thread streams each round of rows to the server while the next round is made, so the
server and Python work at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models

from audit.chain import canonical, canonical_time, digest, last_hash, lock_chain
from audit.models import HistoryEntry, history_content
from processes.scale.templates import Model, Row, Template, columns, max_pk, moments

# How many copies are written per round of inserts.
CHUNK = 1000
Tables = dict[Model, list[list[Any]]]


@dataclass
class Copy:
    """What makes one copy differ from its template."""

    shift_days: int = 0
    # Each moment's distance to the template's last one multiplied by this (the services
    # moved the template on in moments; a copy's stays may last days): days (dates) are
    # only shifted, so a day is never before the moments of its row.
    stretch: float = 1.0
    users: dict[int, int] = field(default_factory=dict)  # template's actor → copy's
    names: dict[int, str] = field(default_factory=dict)  # copy's actor → name in history
    # Per model: column → value, or a function of the copy's new primary key.
    values: dict[Model, dict[str, Any]] = field(default_factory=dict)


# The operations that turn a template's row into a copy's (see `_Compiled`).
_PK, _FK, _TIME, _USER, _PERSON = range(5)


def swap_people(value: Any, users: dict[int, int], names: dict[int, str]) -> Any:
    """`value` (history facts) with each « person » {user, name} of `users` swapped."""
    if isinstance(value, dict):
        if isinstance(value.get("user"), int) and value["user"] in users and "name" in value:
            user = users[value["user"]]
            return {**value, "user": user, "name": names.get(user, value["name"])}
        return {key: swap_people(item, users, names) for key, item in value.items()}
    if isinstance(value, list):
        return [swap_people(item, users, names) for item in value]
    return value


def _mentions(value: Any, actors: set[int]) -> bool:
    return json.dumps(swap_people(value, dict.fromkeys(actors, 0), {})) != json.dumps(value)


def _content_slots() -> dict[str, int]:
    """Where a history row's varying values sit in what its hash covers."""
    probe = {name: object() for name in ("object_id", "by_id")}
    at = datetime(1, 1, 1, tzinfo=UTC)
    data = {"probe": "data"}
    texts = dict.fromkeys(["action", "source_state", "target_state", "comment", "source"], "")
    since = datetime(2, 1, 1, tzinfo=UTC)
    row = SimpleNamespace(**probe, **texts, at=at, data=data, outcome="", source_since=since)
    content = history_content(row, "")
    slots = {name: next(i for i, v in enumerate(content) if v is p) for name, p in probe.items()}
    return {
        **slots,
        "at": content.index(canonical_time(at)),
        "data": content.index(data),
        "source_since": content.index(canonical_time(since)),
    }


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


class _Compiled:
    """One template's rows of one table, ready to copy: each row's values converted
    for the database once, and the list of what changes in each copy."""

    def __init__(
        self, model: Model, rows: list[Row], index: dict[Model, dict[int, int]], actors: set[int]
    ) -> None:
        self.fields = columns(model)
        self.names = [f.attname for f in self.fields]
        self.position = {name: i for i, name in enumerate(self.names)}
        self.time = [_time_converter(column) for column in self.fields]
        # Per row: its values, its operations, whether it names a person to swap.
        self.rows: list[tuple[list[Any], list[tuple[int, int, Any]], bool]] = []
        # Per history row: what its hash covers, its time and its source state's.
        self.contents: list[tuple[list[Any], datetime, datetime | None]] = []
        user_model = get_user_model()
        for row in rows:
            base: list[Any] = []
            ops: list[tuple[int, int, Any]] = []
            for i, column in enumerate(self.fields):
                value = row[column.attname]
                target = _concrete(column.related_model) if column.is_relation else None
                if column.primary_key and target is None:
                    ops.append((i, _PK, index[model][value]))
                elif target is not None and value in index.get(target, {}):
                    ops.append((i, _FK, (target, index[target][value])))
                elif target is _concrete(user_model) and value in actors:
                    ops.append((i, _USER, value))
                elif isinstance(value, (date, datetime)):
                    ops.append((i, _TIME, value))
                elif isinstance(column, models.JSONField) and _mentions(value, actors):
                    ops.append((i, _PERSON, value))
                base.append(_prepared(column, value))
            if model is HistoryEntry:
                ops.extend(self._generic(row, index))
                self.contents.append(
                    (
                        history_content(SimpleNamespace(**row), _label(row)),
                        row["at"],
                        row["source_since"],
                    )
                )
            self.rows.append((base, ops, any(op == _PERSON for _i, op, _a in ops)))

    def _generic(self, row: Row, index: dict[Model, dict[int, int]]) -> list[Any]:
        """History's object, when it is one of the template's rows."""
        target = ContentType.objects.get_for_id(row["content_type_id"]).model_class()
        keys = index.get(_concrete(target), {}) if target is not None else {}
        if row["object_id"] not in keys:
            return []
        return [(self.position["object_id"], _FK, (_concrete(target), keys[row["object_id"]]))]


def _label(row: Row) -> str:
    content_type = ContentType.objects.get_for_id(row["content_type_id"])
    return f"{content_type.app_label}.{content_type.model}"


class Copier:
    """Write copies of `templates` into `models`' tables (listed parents first)."""

    def __init__(self, models_: Sequence[Model], templates: Iterable[Template]) -> None:
        self.models = list(models_)
        self._slots = _content_slots()
        self._compiled: dict[str, dict[Model, _Compiled]] = {}
        # Per template: its last moment, which a copy's stretch leaves in place.
        self._last: dict[str, datetime] = {}
        for template in templates:
            self._last[template.name] = max(moments(template), default=datetime.now(UTC))
            index = {
                _concrete(model): {row[model._meta.pk.attname]: j for j, row in enumerate(rows)}
                for model, rows in template.rows.items()
            }
            self._compiled[template.name] = {
                model: _Compiled(model, template.rows.get(model, []), index, template.actors)
                for model in self.models
            }

    def write(
        self,
        copies: Iterable[tuple[Template, Copy]],
        progress: Callable[[int], None] = lambda done: None,
    ) -> int:
        """Write every copy; returns how many were written. Call inside a transaction."""
        lock_chain(HistoryEntry, connection.alias)
        self._previous = last_hash(HistoryEntry, connection.alias)
        self._next = {model: max_pk(model) + 1 for model in self.models}
        done = 0
        with _checked_once(self.models), ThreadPoolExecutor(max_workers=1) as writer:
            pending: Future[None] | None = None
            for chunk in _chunks(copies, CHUNK):
                tables: Tables = {model: [] for model in self.models}
                for template, copy in chunk:
                    moved = _mover(copy, self._last[template.name])
                    self._copy(self._compiled[template.name], copy, moved, tables)
                if pending is not None:
                    pending.result()
                pending = self._insert(writer, tables)
                done += len(chunk)
                progress(done)
            if pending is not None:
                pending.result()
        _reset_sequences(self.models)
        return done

    def _insert(self, writer: ThreadPoolExecutor, tables: Tables) -> Future[None] | None:
        """Send `tables` to the database: from the writer thread on PostgreSQL."""
        if connection.vendor != "postgresql":
            for model in self.models:
                _insert_rows(model, tables[model])
            return None
        connection.ensure_connection()
        raw = connection.connection

        def send() -> None:
            for model in self.models:
                _copy_rows(raw, model, tables[model])

        return writer.submit(send)

    def _copy(
        self,
        compiled: dict[Model, _Compiled],
        copy: Copy,
        moved: Callable[[Any], Any],
        tables: Tables,
    ) -> None:
        first = dict(self._next)
        for model in self.models:
            table = compiled[model]
            fixed = [
                (table.position[name], value) for name, value in copy.values.get(model, {}).items()
            ]
            out = tables[model]
            for number, (base, ops, person) in enumerate(table.rows):
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
                        row[i] = table.time[i](moved(arg))
                    else:
                        row[i] = swap_people(arg, copy.users, copy.names)
                for i, value in fixed:
                    row[i] = _prepared(table.fields[i], value(pk) if callable(value) else value)
                if table.contents:
                    self._chain(table, number, row, moved)
                elif person:
                    row = [
                        _prepared(table.fields[i], v) if isinstance(v, (dict, list)) else v
                        for i, v in enumerate(row)
                    ]
                out.append(row)
        for model in self.models:
            self._next[model] += len(compiled[model].rows)

    def _chain(
        self, table: _Compiled, number: int, row: list[Any], moved: Callable[[Any], Any]
    ) -> None:
        """Fill the history row's two hashes, after the row before it."""
        position, slots = table.position, self._slots
        template, at, since = table.contents[number]
        content = list(template)
        content[slots["object_id"]] = row[position["object_id"]]
        content[slots["by_id"]] = row[position["by_id"]]
        content[slots["at"]] = canonical_time(moved(at))
        if since is not None:
            content[slots["source_since"]] = canonical_time(moved(since))
        data = row[position["data"]]
        if not isinstance(data, str):  # the template's facts with the copy's people
            content[slots["data"]] = canonical(data)
            row[position["data"]] = json.dumps(data)
        row[position["previous_hash"]] = self._previous
        self._previous = digest(self._previous, content)
        row[position["hash"]] = self._previous


def _mover(copy: Copy, last: datetime) -> Callable[[Any], Any]:
    """How `copy` moves a time (stretched back from `last`, then shifted) or a day."""
    shift = timedelta(days=copy.shift_days)
    stretch = copy.stretch
    if stretch == 1:
        return lambda value: value - shift

    def moved(value: Any) -> Any:
        if isinstance(value, datetime):
            return last - (last - value) * stretch - shift
        return value - shift

    return moved


@contextmanager
def _checked_once(models_: Sequence[Model]) -> Iterator[None]:
    """On PostgreSQL, the tables' foreign keys checked once at the end, by one join each
    (as `pg_restore` does), instead of once per row when the transaction commits: the
    constraints are dropped and added again, in the same transaction."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in models_]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # The checks already due (the templates' rows) run now: a table with pending
        # checks cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        keys = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    yield
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _statement(model: Model) -> tuple[str, str]:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(str(f.column)) for f in columns(model))
    return table, names


def _copy_rows(raw: Any, model: Model, rows: list[list[Any]]) -> None:
    """COPY `rows` into `model`'s table through the driver's connection `raw`."""
    if rows:
        table, names = _statement(model)
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _insert_rows(model: Model, rows: list[list[Any]]) -> None:
    if rows:
        table, names = _statement(model)
        marks = ", ".join(["%s"] * len(rows[0]))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _reset_sequences(models_: Sequence[Model]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
