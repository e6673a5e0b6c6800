"""Writers appending to the history at the same moment, each in its own thread,
connection and transaction, leave one unbroken chain: none builds on a row another
is about to follow too."""

from __future__ import annotations

import threading
from typing import Any

from django.db import connection, transaction

from audit.models import HistoryEntry, Source
from audit.services import record_history
from registry.models import Association
from tests.commands import command_output
from tests.concurrency import CONCURRENT

pytestmark = CONCURRENT

WRITERS = 6
ROWS_EACH = 5


def test_concurrent_writers_leave_one_unbroken_chain(cast: dict[str, Any]) -> None:
    association_id = cast["paris"].pk
    before = HistoryEntry.objects.count()
    barrier = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def write(number: int) -> None:
        try:
            association = Association.objects.get(pk=association_id)
            barrier.wait(timeout=30)
            for row in range(ROWS_EACH):
                # Several rows in one transaction, and transactions one row long.
                with transaction.atomic():
                    record_history(
                        obj=association,
                        action="update",
                        by=None,
                        source=Source.COMMAND,
                        comment=f"{number}-{row}",
                    )
                    if row % 2:
                        record_history(
                            obj=association, action="add_member", by=None, source=Source.COMMAND
                        )
        except BaseException as exc:  # reported to the test below, whatever it is
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(number,)) for number in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads), "a writer never finished"
    assert not failures, f"a writer failed with {failures!r}"
    written = WRITERS * (ROWS_EACH + ROWS_EACH // 2)
    assert HistoryEntry.objects.count() == before + written
    assert f"{before + written} ligne(s), chaîne intacte" in command_output("verify_audit")
