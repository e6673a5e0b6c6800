"""What the tests that commit real transactions share: concurrent writers in threads,
a dump of the database taken by another program.

`COMMITTED` marks a module whose tests each commit real transactions, `CONCURRENT` one
whose tests also run concurrent writers (one connection per thread; skipped where
SQLite cannot queue them). Both use the `reference_data_put_back` fixture, which
restores what the migrations loaded once the module is over.
"""

from __future__ import annotations

import pytest
from django.db import connection


def sqlite_cannot_queue_writers() -> bool:
    """Whether this SQLite test database makes a second writer fail instead of wait.

    An in-memory test database (shared cache) answers "database table is locked" at
    once, whatever the timeout; a file database in the default deferred mode answers
    "database is locked" to a transaction that read before writing. A file test
    database (`TEST["NAME"]`) with `OPTIONS["transaction_mode"] = "IMMEDIATE"` queues
    writers behind the timeout, and these tests then run on SQLite too.
    """
    if connection.vendor != "sqlite":
        return False
    settings = connection.settings_dict
    test_name = (settings.get("TEST") or {}).get("NAME")
    in_memory = not test_name or test_name == ":memory:" or "mode=memory" in str(test_name)
    mode = str((settings.get("OPTIONS") or {}).get("transaction_mode") or "").upper()
    return in_memory or mode != "IMMEDIATE"


COMMITTED = [
    # Real transactions (one connection per thread, or another program reading what
    # was committed); the data the migrations load (roles, geography) is restored
    # after every flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data_put_back"),
]

CONCURRENT = [
    *COMMITTED,
    pytest.mark.skipif(
        sqlite_cannot_queue_writers(),
        reason=(
            "SQLite here makes a concurrent writer fail at once instead of waiting: "
            "needs a file test database and transaction_mode IMMEDIATE (runs on PostgreSQL)."
        ),
    ),
]
