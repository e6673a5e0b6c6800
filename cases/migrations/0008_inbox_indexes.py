from django.db import migrations

# A caseworker's open tasks, oldest first: the inbox reads them a page at a time.
# viewflow's own table, so the index is written here in SQL that PostgreSQL and SQLite
# both read.
OWNED_OPEN_TASKS_INDEX = (
    "CREATE INDEX viewflow_task_open_owner_created ON viewflow_task (owner_id, created, id) "
    "WHERE status IN ('NEW', 'ASSIGNED', 'STARTED')"
)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_plausible_dates"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [
        migrations.RunSQL(OWNED_OPEN_TASKS_INDEX, "DROP INDEX viewflow_task_open_owner_created"),
    ]
