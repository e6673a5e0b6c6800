"""Filling `StateMachine.status_since` on the objects made before it existed.

An object entered its current state at its last history row that moved it there (a
transition's row: done, from another state, to the state it is in); an object no
transition ever moved, at its creation (`created`, a column of its table) if it has
one. One UPDATE per table, each object reading its last row through the history's
(content_type, object_id, at) index.

And filling a model's `STAY_FIELDS` columns (the time spent in each declared state)
from the history's transition rows: `fill_stays`, `fill_stay_fields`.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models
from django.utils import timezone

from processes.fsm import SECONDS_PER_TENTH


def fill_status_since(
    app_label: str, model_name: str, created: str | None = None
) -> migrations.RunPython:
    """A migration operation filling `status_since` of `app_label.model_name`."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        content_type = _content_type(apps, schema_editor, app_label, model_name)
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


def _content_type(apps: Any, schema_editor: Any, app_label: str, model_name: str) -> Any:
    return (
        apps.get_model("contenttypes", "ContentType")
        .objects.using(schema_editor.connection.alias)
        .filter(app_label=app_label, model=model_name.lower())
        .first()
    )


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


# The tenths of a day of a stay `h` (from `h.since` to `h.at`), rounded, as `stay_tenths`
# counts them.
_TENTHS = {
    "postgresql": "ROUND(date_part('epoch', h.at - h.since) / {seconds})::int",
    "sqlite": "CAST(ROUND((julianday(h.at) - julianday(h.since)) * {per_day}) AS INTEGER)",
}

# Each transition row (done, to another state) of the objects of one kind, with the time
# and target of the object's transition row before it: when that row moved the object
# into the state this one leaves, the object stayed there from its `at` to this one's.
# Read from the rows' own times, never from `source_since` (empty on the rows written
# before it existed, which are never updated).
_STAYS = """
SELECT object_id, source_state, at,
       LAG(at) OVER object_order AS since,
       LAG(target_state) OVER object_order AS entered
FROM audit_historyentry
WHERE content_type_id = %s AND object_id > %s
  AND outcome = 'done' AND source_state <> target_state
WINDOW object_order AS (PARTITION BY object_id ORDER BY at, id)
"""


def fill_stays(
    connection: Any, table: str, content_type_id: int, fields: dict[str, str], since_pk: int = 0
) -> None:
    """Set each `StateMachine.STAY_FIELDS` column (`fields`: state → column) of the objects
    of `table` (whose primary key is over `since_pk`) to the sum of their stays in that
    state, as the history's transition rows give them (`_STAYS`); null when the object
    never left the state. One UPDATE from one grouped read of the history."""
    quote = connection.ops.quote_name
    tenths = _TENTHS[connection.vendor].format(
        seconds=SECONDS_PER_TENTH, per_day=86_400 // SECONDS_PER_TENTH
    )
    states = list(fields)
    sums = ", ".join(
        f"SUM(CASE WHEN h.source_state = %s THEN {tenths} END) AS {quote(column)}"
        for column in fields.values()
    )
    sets = ", ".join(f"{quote(column)} = s.{quote(column)}" for column in fields.values())
    marks = ", ".join(["%s"] * len(states))
    sql = (
        f"UPDATE {quote(table)} SET {sets} FROM ("
        f"SELECT h.object_id AS id, {sums} FROM ({_STAYS}) h "
        "WHERE h.since IS NOT NULL AND h.entered = h.source_state "
        f"AND h.source_state IN ({marks}) GROUP BY h.object_id"
        f") s WHERE {quote(table)}.{quote('id')} = s.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*states, content_type_id, since_pk, *states])


def fill_stay_fields(app_label: str, model_name: str, fields: dict[str, str]) -> Any:
    """A migration operation filling the `STAY_FIELDS` columns `fields` of
    `app_label.model_name` from the history (`fill_stays`)."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        content_type = _content_type(apps, schema_editor, app_label, model_name)
        if content_type is not None:  # else no history names any object of its kind
            fill_stays(schema_editor.connection, model._meta.db_table, content_type.pk, fields)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)
