"""The history is hash-chained: `manage.py verify_audit` finds a row changed or deleted
behind the application's back, and names it."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader

from audit.chain import GENESIS, digest
from audit.models import HistoryEntry, Source
from audit.services import record_history
from tests.audit.tampering import TABLE, tamper, trigger_off
from tests.commands import command_failure, command_output

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_rows(cast: dict[str, Any]) -> list[HistoryEntry]:
    officer = cast["users"]["officer"]
    return [
        record_history(
            obj=cast["paris"],
            action=action,
            by=officer,
            source=Source.WEB,
            source_state="verified",
            target_state="verified",
            comment=f"Ligne {number}",
            data={"number": number, "names": ["Éwé", "Kabyè"]},
        )
        for number, action in enumerate(["update", "add_member", "update"], start=1)
    ]


def test_each_row_is_chained_to_the_one_written_before_it(three_rows: list[HistoryEntry]) -> None:
    first, second, third = (HistoryEntry.objects.get(pk=row.pk) for row in three_rows)
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    assert third.hash == digest(second.hash, third.chain_content("default"))


def test_an_intact_history_passes(three_rows: list[HistoryEntry]) -> None:
    output = command_output("verify_audit")

    assert f"audit.historyentry : {HistoryEntry.objects.count()} ligne(s), chaîne intacte" in output
    assert three_rows[-1].hash in output


def test_a_row_changed_in_the_database_is_named(three_rows: list[HistoryEntry]) -> None:
    changed = three_rows[1]
    tamper(f"UPDATE {TABLE} SET comment = %s WHERE id = %s", ["Réécrit", changed.pk])

    message = command_failure("verify_audit")

    assert f"chaîne rompue à la ligne {changed.pk} " in message
    assert f"registry.association {changed.object_id}, add_member" in message
    assert "ligne modifiée" in message


def test_a_changed_amount_in_a_rows_data_is_named(three_rows: list[HistoryEntry]) -> None:
    changed = three_rows[0]
    tamper(f"UPDATE {TABLE} SET data = %s WHERE id = %s", ['{"number": 9}', changed.pk])

    assert f"chaîne rompue à la ligne {changed.pk} " in command_failure("verify_audit")


def test_a_stay_set_on_a_row_written_without_one_is_named(
    three_rows: list[HistoryEntry],
) -> None:
    """A row hashed without `source_since` (written before it existed, or a row that is
    no transition): setting it afterwards is a change like any other."""
    changed = three_rows[0]
    tamper(f"UPDATE {TABLE} SET source_since = %s WHERE id = %s", ["2001-01-01", changed.pk])

    message = command_failure("verify_audit")

    assert f"chaîne rompue à la ligne {changed.pk} " in message
    assert "ligne modifiée" in message


def test_a_row_deleted_in_the_middle_is_found(three_rows: list[HistoryEntry]) -> None:
    _, deleted, after = three_rows
    tamper(f"DELETE FROM {TABLE} WHERE id = %s", [deleted.pk])

    message = command_failure("verify_audit")

    assert f"chaîne rompue à la ligne {after.pk} " in message
    assert "une ligne a été supprimée ou réécrite avant elle" in message


def test_a_row_rewritten_with_a_fresh_hash_breaks_the_link_to_the_next(
    three_rows: list[HistoryEntry],
) -> None:
    first, rewritten, after = (HistoryEntry.objects.get(pk=row.pk) for row in three_rows)
    rewritten.comment = "Réécrit"
    forged = digest(first.hash, rewritten.chain_content("default"))
    tamper(
        f"UPDATE {TABLE} SET comment = %s, hash = %s WHERE id = %s",
        ["Réécrit", forged, rewritten.pk],
    )

    assert f"chaîne rompue à la ligne {after.pk} " in command_failure("verify_audit")


def test_rows_created_together_are_chained_in_order(cast: dict[str, Any]) -> None:
    association_type = ContentType.objects.get_for_model(cast["paris"])
    before = HistoryEntry.objects.order_by("-pk").first()
    rows = HistoryEntry.objects.bulk_create(
        HistoryEntry(
            content_type=association_type,
            object_id=cast["paris"].pk,
            action="update",
            source=Source.COMMAND,
            comment=str(number),
        )
        for number in range(3)
    )

    assert rows[0].previous_hash == (before.hash if before else GENESIS)
    assert [row.previous_hash for row in rows[1:]] == [row.hash for row in rows[:-1]]
    assert "chaîne intacte" in command_output("verify_audit")


def test_two_rows_cannot_follow_the_same_row(three_rows: list[HistoryEntry]) -> None:
    last = HistoryEntry.objects.get(pk=three_rows[2].pk)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (content_type_id, object_id, action, source_state, "
            "target_state, at, comment, data, source, outcome, previous_hash, hash) "
            "VALUES (%s, 1, 'x', '', '', %s, '', '{}', 'web', 'done', %s, 'forged')",
            [last.content_type_id, last.at, last.previous_hash],
        )


def test_the_migration_chains_the_rows_written_before_the_chain(
    three_rows: list[HistoryEntry],
) -> None:
    tamper(f"UPDATE {TABLE} SET hash = 'unchained', previous_hash = 'unchained-' || id", [])
    command_failure("verify_audit")
    loader = MigrationLoader(connection)
    migration = loader.get_migration("audit", "0005_history_hash_chain")
    # Its code run on the rows as they are now (with `source_since`, which the rows
    # written before the chain could not have).
    state = loader.project_state()

    with trigger_off():
        chain_rows = migration.operations[-1]
        assert isinstance(chain_rows, RunPython)
        chain_rows.code(state.apps, cast(Any, SimpleNamespace(connection=connection)))

    assert "chaîne intacte" in command_output("verify_audit")
