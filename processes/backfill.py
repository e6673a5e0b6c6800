"""Filling `StateMachine.status_since` on the objects made before it existed.

An object entered its current state at its last history row that moved it there (a
transition's row: done, from another state, to the state it is in); an object no
transition ever moved, at its creation (`created`, a column of its table) if it has
one. One UPDATE per table, each object reading its last row through the history's
(content_type, object_id, at) index.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models
from django.utils import timezone


def fill_status_since(
    app_label: str, model_name: str, created: str | None = None
) -> migrations.RunPython:
    """A migration operation filling `status_since` of `app_label.model_name`."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        content_type = (
            apps.get_model("contenttypes", "ContentType")
            .objects.using(schema_editor.connection.alias)
            .filter(app_label=app_label, model=model_name.lower())
            .first()
        )
        quote = schema_editor.quote_name
        table = quote(model._meta.db_table)
        fallback = f"{table}.{quote(created)}" if created else "NULL"
        if content_type is None:  # no history can name an object of a kind never seen
            sql, params = f"UPDATE {table} SET status_since = {fallback}", []
        else:
            sql = (
                f"UPDATE {table} SET status_since = COALESCE(("
                "SELECT MAX(h.at) FROM audit_historyentry h "
                f"WHERE h.content_type_id = %s AND h.object_id = {table}.{quote('id')} "
                "AND h.outcome = 'done' AND h.source_state <> h.target_state "
                f"AND h.target_state = {table}.status), {fallback})"
            )
            params = [content_type.pk]
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql, params)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)


def status_since_field(**kwargs: Any) -> models.DateTimeField[Any, Any]:
    return models.DateTimeField(
        blank=True, editable=False, null=True, verbose_name="dans cet état depuis", **kwargs
    )


def add_status_since(
    app_label: str, model_name: str, created: str | None = None
) -> list[migrations.operations.base.Operation]:
    """The operations adding `status_since` to `app_label.model_name`: the column, empty;
    filled (`fill_status_since`); then its default (now) for the objects made after."""
    name = model_name.lower()
    return [
        migrations.AddField(model_name=name, name="status_since", field=status_since_field()),
        fill_status_since(app_label, model_name, created),
        migrations.AlterField(
            model_name=name,
            name="status_since",
            field=status_since_field(default=timezone.now),
        ),
    ]
