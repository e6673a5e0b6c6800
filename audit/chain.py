"""Hash-chained tables: each row's hash covers its content and the hash of the row before it.

A chained model (`ChainedRow`) says what its content is (`chain_content`); `append`
fills `previous_hash` and `hash` when the row is first saved, with the chain locked
until the transaction ends, so two transactions writing at once cannot both build on
the same last row (one waits for the other's commit). `verify` walks a table in the
order its rows were appended and returns the first row that does not fit.

The content is serialised as compact JSON with sorted keys, after a round trip
through JSON (what the database gives back is what was hashed); times are UTC ISO
8601 with microseconds. See docs/security.md, « Tamper-evident history ».
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.append_only import PostgreSQLOnly

# The `previous_hash` of the first row of a chain.
GENESIS = ""


class ChainedRow(models.Model):
    """A row of an append-only table whose rows are chained by their hashes."""

    previous_hash = models.CharField(
        _("empreinte précédente"), max_length=64, editable=False, default=GENESIS
    )
    hash = models.CharField(_("empreinte"), max_length=64, editable=False, default="")

    class Meta:
        abstract = True

    def chain_content(self, using: str) -> list[Any]:
        """What the hash covers besides the previous hash, in a fixed order (`using`:
        the database the row is read from or written to)."""
        raise NotImplementedError

    def chain_label(self, using: str) -> str:
        """The row as `verify_audit` names it."""
        return str(self)


def canonical_time(value: dt.datetime) -> str:
    if timezone.is_naive(value):
        # What Django stores for a naive time: the time in the default time zone.
        value = timezone.make_aware(value)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(value: Any) -> Any:
    """`value` as the database gives it back: JSON data after a round trip through JSON."""
    return json.loads(json.dumps(value))


def digest(previous_hash: str, content: Sequence[Any]) -> str:
    serialised = json.dumps(
        [previous_hash, *content], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(serialised.encode()).hexdigest()


def lock_chain(model: type[models.Model], using: str) -> None:
    """Make the other writers of `model`'s chain wait until this transaction ends.

    On PostgreSQL, a transaction-level advisory lock named after the table. On SQLite
    every write transaction already holds the database's one write lock (the project
    opens them IMMEDIATE), so appends are serialised there without more.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        key = _lock_key(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _lock_key(table: str) -> int:
    """A stable signed 64-bit number for `table`."""
    return int.from_bytes(hashlib.sha256(table.encode()).digest()[:8], "big", signed=True)


def last_hash(model: type[models.Model], using: str) -> str:
    latest = model._default_manager.using(using).order_by("-pk").values_list("hash", flat=True)
    return latest.first() or GENESIS


# On PostgreSQL, the chain's lock and its last hash in one round trip. The function is
# VOLATILE, so the query reading the hash takes its snapshot once the lock is held: it
# sees the row the previous holder of the lock committed (a single SELECT taking the
# lock would read the snapshot of its own start, from before the wait).
LAST_HASH_FUNCTION = "audit_chain_locked_last_hash"

CREATE_LAST_HASH_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {LAST_HASH_FUNCTION}(lock_key bigint, chain_table text, pk text)
RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE last text;
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    EXECUTE format('SELECT hash FROM %I ORDER BY %I DESC LIMIT 1', chain_table, pk) INTO last;
    RETURN COALESCE(last, '');
END;
$$
"""


class CreateLockedLastHash(PostgreSQLOnly):
    """A migration operation: on PostgreSQL, the function `locked_last_hash` calls."""

    def __init__(self) -> None:
        super().__init__(
            sql=CREATE_LAST_HASH_FUNCTION,
            reverse_sql=f"DROP FUNCTION IF EXISTS {LAST_HASH_FUNCTION}(bigint, text, text)",
        )

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (f"{__name__}.{type(self).__name__}", [], {})

    def describe(self) -> str:
        return "The chain's lock and last hash in one call (PostgreSQL)"


def locked_last_hash(model: type[models.Model], using: str) -> str:
    """The hash of `model`'s last row, the chain locked until this transaction ends (see
    `lock_chain`): on PostgreSQL in one query."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        lock_chain(model, using)
        return last_hash(model, using)
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {LAST_HASH_FUNCTION}(%s, %s, %s)",
            [_lock_key(meta.db_table), meta.db_table, meta.pk.column],
        )
        (found,) = cursor.fetchone()
    return str(found or GENESIS)


def append(rows: Iterable[ChainedRow], using: str) -> Iterator[ChainedRow]:
    """Chain `rows` after the table's last row; call inside a transaction, before the
    INSERT. Yields each row once its hashes are set."""
    previous: str | None = None
    for row in rows:
        if previous is None:
            previous = locked_last_hash(type(row), using)
        row.previous_hash = previous
        row.hash = digest(previous, row.chain_content(using))
        previous = row.hash
        yield row


def save_chained(row: ChainedRow, using: str, insert: Any) -> None:
    """Chain `row` and INSERT it (`insert()`) in one transaction holding the chain lock
    (the caller's, if it has one: a failed INSERT breaks it anyway, so no savepoint)."""
    with transaction.atomic(using=using, savepoint=False):
        next(append([row], using))
        insert()


# Why a row does not fit: its content no longer gives its hash; or its previous hash is
# not the hash of the row before it (a row was deleted or rewritten before it).
ALTERED = "altered"
BROKEN_LINK = "broken_link"


@dataclass(frozen=True)
class Break:
    """The first row that does not fit its chain, and why."""

    row: Any
    reason: str


@dataclass(frozen=True)
class ChainReport:
    rows: int
    last_hash: str
    broken: Break | None = None


def verify(model: type[ChainedRow], using: str, chunk_size: int = 2000) -> ChainReport:
    """Walk `model`'s rows in the order they were appended and recompute every hash."""
    previous = GENESIS
    count = 0
    rows = model._default_manager.using(using).order_by("pk").iterator(chunk_size=chunk_size)
    for row in rows:
        count += 1
        if row.previous_hash != previous:
            return ChainReport(count, previous, Break(row, BROKEN_LINK))
        if digest(previous, row.chain_content(using)) != row.hash:
            return ChainReport(count, previous, Break(row, ALTERED))
        previous = row.hash
    return ChainReport(count, previous)
