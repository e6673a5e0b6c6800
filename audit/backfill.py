"""Filling `HistoryEntry.source_since` on the rows written before it existed.

Each transition's row gets the time of the object's transition row before it, when that
row moved the object into the state this one leaves: one UPDATE over the table, each
object's rows in their order (a window function, on PostgreSQL and SQLite alike). Their
hashes stay as they were (`HistoryEntry.legacy_chain_content`): the value is derived
from the rows before, which the chain covers. On PostgreSQL the history refuses every
UPDATE; the refusal is lifted for this one, inside the migration's transaction.
"""

from __future__ import annotations

from typing import Any

from audit.append_only import trigger_name

TABLE = "audit_historyentry"

FILL = f"""
UPDATE {TABLE} SET source_since = stays.since
FROM (
    SELECT id, source_state,
           LAG(at) OVER object_order AS since,
           LAG(target_state) OVER object_order AS entered
    FROM {TABLE}
    WHERE outcome = 'done' AND source_state <> target_state
    WINDOW object_order AS (PARTITION BY content_type_id, object_id ORDER BY at, id)
) AS stays
WHERE {TABLE}.id = stays.id AND stays.since IS NOT NULL
  AND stays.entered = stays.source_state AND {TABLE}.source_since IS NULL
"""


def fill_source_since(connection: Any) -> int:
    """Fill the rows' `source_since`; returns how many were filled."""
    postgresql = connection.vendor == "postgresql"
    trigger = f"ALTER TABLE {TABLE} %s TRIGGER {trigger_name(TABLE)}"
    with connection.cursor() as cursor:
        if postgresql:
            # A table with deferred checks pending cannot be altered: they run now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(trigger % "DISABLE")
        cursor.execute(FILL)
        filled = int(cursor.rowcount)
        if postgresql:
            cursor.execute(trigger % "ENABLE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return filled
