from django.db import migrations, models

from audit.backfill import fill_source_since


def fill(apps, schema_editor):
    fill_source_since(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0009_chain_locked_last_hash"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="historyentry",
            name="source_since",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="dans l'état de départ depuis"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="historyentry",
            index=models.Index(
                condition=models.Q(("source_since__isnull", False)),
                fields=["content_type", "source_state", "object_id", "at", "source_since"],
                name="history_stays",
            ),
        ),
    ]
