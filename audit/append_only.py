"""The database itself refuses to change or delete a row of an append-only table.

On PostgreSQL a row trigger raises on every UPDATE and DELETE of the tables named;
elsewhere (SQLite, development and tests) the migration does nothing and the models'
own guards (`AppendOnlyError`) remain. A migration protects a table with
`RefuseChanges(["audit_historyentry", …])`; the tables of a later model are protected by
a later migration naming them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import migrations

FUNCTION = "audit_refuse_change"

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% refused on %: history rows are append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation',
              HINT = 'Rows of this table are never changed or deleted; add a new row instead.';
END;
$$
"""


def trigger_name(table: str) -> str:
    return f"{table}_append_only"


def protect_sql(table: str) -> str:
    return (
        f"CREATE TRIGGER {trigger_name(table)} BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
    )


def unprotect_sql(table: str) -> str:
    return f"DROP TRIGGER IF EXISTS {trigger_name(table)} ON {table}"


class PostgreSQLOnly(migrations.RunSQL):
    """SQL a migration runs on PostgreSQL only (elsewhere it does nothing)."""

    def database_forwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, *args)

    def database_backwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, *args)


class RefuseChanges(PostgreSQLOnly):
    """A migration operation: on PostgreSQL, `tables` refuse UPDATE and DELETE from now on."""

    def __init__(self, tables: Sequence[str]) -> None:
        self.tables = list(tables)
        super().__init__(
            sql=[CREATE_FUNCTION, *(protect_sql(table) for table in self.tables)],
            reverse_sql=[unprotect_sql(table) for table in self.tables],
        )

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (f"{__name__}.{type(self).__name__}", [self.tables], {})

    def describe(self) -> str:
        return f"Refuse UPDATE and DELETE on {', '.join(self.tables)} (PostgreSQL)"
