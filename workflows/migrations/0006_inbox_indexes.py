from django.conf import settings
from django.db import migrations, models

# The open tasks of the flows, oldest first: the inbox reads them a page at a time (the
# table keeps every closed task too: 1.4 M rows at 100,000 proposals), all of them for a
# role that works several nodes, those of one node (an association's completions) for
# one. viewflow's own table, so the indexes are written in SQL that PostgreSQL and SQLite
# both read.
OPEN = "WHERE status IN ('NEW', 'ASSIGNED', 'STARTED')"
OPEN_TASKS_INDEX = f"CREATE INDEX viewflow_task_open_created ON viewflow_task (created, id) {OPEN}"
OPEN_NODE_TASKS_INDEX = (
    f"CREATE INDEX viewflow_task_open_node_created ON viewflow_task (flow_task, created, id) {OPEN}"
)


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0005_bound_free_text"),
        ("viewflow", "0015_task_scheduled"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="review",
            index=models.Index(
                condition=models.Q(("submitted_at__isnull", True)),
                fields=["evaluator", "assigned_at", "id"],
                name="review_open_by_evaluator",
            ),
        ),
        migrations.RunSQL(OPEN_TASKS_INDEX, "DROP INDEX viewflow_task_open_created"),
        migrations.RunSQL(OPEN_NODE_TASKS_INDEX, "DROP INDEX viewflow_task_open_node_created"),
    ]
