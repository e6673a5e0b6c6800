from django.db import migrations

from processes.backfill import add_status_since


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0003_bound_free_text"),
        ("audit", "0009_chain_locked_last_hash"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        *add_status_since("registry", "Association", created="created_at"),
    ]
