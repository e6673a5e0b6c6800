from django.db import migrations, models

from audit.chain import GENESIS, digest
from audit.models import history_content

BATCH = 2000


def chain_existing_rows(apps, schema_editor):
    """Chain the rows written before the history was chained, in the order they were written."""
    alias = schema_editor.connection.alias
    HistoryEntry = apps.get_model("audit", "HistoryEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    labels = {
        content_type.pk: f"{content_type.app_label}.{content_type.model}"
        for content_type in ContentType.objects.using(alias).all()
    }
    previous = GENESIS
    batch = []
    for row in HistoryEntry.objects.using(alias).order_by("pk").iterator(chunk_size=BATCH):
        row.previous_hash = previous
        row.hash = digest(previous, history_content(row, labels[row.content_type_id]))
        previous = row.hash
        batch.append(row)
        if len(batch) == BATCH:
            HistoryEntry.objects.using(alias).bulk_update(batch, ["previous_hash", "hash"])
            batch = []
    HistoryEntry.objects.using(alias).bulk_update(batch, ["previous_hash", "hash"])


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0004_security_event_erasure"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="historyentry",
            name="previous_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="empreinte précédente"),
        ),
        migrations.AddField(
            model_name="historyentry",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="empreinte"),
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
    ]
