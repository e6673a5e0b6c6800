"""On PostgreSQL the database itself refuses to change or delete a history row, whatever
the client: a raw UPDATE or DELETE fails with a message that says why."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from audit.models import HistoryEntry, SecurityEvent, SecurityEventKind, Source
from audit.security import record_event
from audit.services import record_history
from tests.audit.tampering import TABLE

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="The append-only trigger exists on PostgreSQL only (runs in CI on PostgreSQL).",
    ),
]


@pytest.fixture
def entry(cast: dict[str, Any]) -> HistoryEntry:
    return record_history(
        obj=cast["paris"], action="update", by=cast["users"]["officer"], source=Source.WEB
    )


@pytest.mark.parametrize(
    ("operation", "sql"),
    [
        ("UPDATE", f"UPDATE {TABLE} SET comment = 'réécrit' WHERE id = %s"),
        ("DELETE", f"DELETE FROM {TABLE} WHERE id = %s"),
    ],
)
def test_the_database_refuses_to_change_or_delete_a_history_row(
    entry: HistoryEntry, operation: str, sql: str
) -> None:
    with (
        pytest.raises(IntegrityError) as refusal,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])

    assert f"{operation} refused on {TABLE}: history rows are append-only" in str(refusal.value)
    assert HistoryEntry.objects.get(pk=entry.pk).comment == ""


@pytest.mark.parametrize("operation", ["UPDATE", "DELETE"])
def test_the_database_refuses_to_change_or_delete_a_security_event(
    cast: dict[str, Any], operation: str
) -> None:
    event = record_event(SecurityEventKind.LOGIN_FAILED, username="intrus")
    sql = {
        "UPDATE": "UPDATE audit_securityevent SET username = 'effacé' WHERE id = %s",
        "DELETE": "DELETE FROM audit_securityevent WHERE id = %s",
    }[operation]
    with (
        pytest.raises(IntegrityError) as refusal,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])

    assert f"{operation} refused on audit_securityevent" in str(refusal.value)
    assert SecurityEvent.objects.get(pk=event.pk).username == "intrus"
