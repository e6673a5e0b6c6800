"""Changing the history behind the application's back, as someone with database access could."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections

from audit.append_only import trigger_name

TABLE = "audit_historyentry"


@contextmanager
def trigger_off(using: str = "default") -> Iterator[None]:
    """The history's append-only trigger disabled for the block, as the table's owner may
    (PostgreSQL; SQLite has no such trigger)."""
    connection = connections[using]
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            # The rows this test wrote still have deferred foreign-key checks pending,
            # and a table with pending trigger events cannot be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {trigger_name(TABLE)}")
        yield
        if postgresql:
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {trigger_name(TABLE)}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def tamper(sql: str, params: list[Any], using: str = "default") -> None:
    """Run `sql` on the history behind the application's back."""
    with trigger_off(using), connections[using].cursor() as cursor:
        cursor.execute(sql, params)
