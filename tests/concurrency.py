"""What the tests that commit real transactions share: concurrent writers in threads,
a dump of the database taken by another program.

`COMMITTED` marks a module whose tests each commit real transactions, `CONCURRENT` one
whose tests also run concurrent writers (one connection per thread; skipped where
SQLite cannot queue them). Both use the `reference_data_put_back` fixture, which
restores what the migrations loaded once the module is over.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import pytest
from django.db import connection

T = TypeVar("T")


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


def at_once(calls: list[Callable[[], T]], timeout: float = 60) -> list[T | BaseException]:
    """Run each of `calls` in its own thread and database connection, all released at the
    same moment; what each returned, or the exception it raised, in the order given."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[T | BaseException | None] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = calls[index]()
        except BaseException as exc:  # handed to the test, whatever it is
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a call never finished"
    return [outcome for outcome in outcomes if outcome is not None]
