from django.db import migrations

from processes.backfill import add_status_since


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0008_inbox_indexes"),
        ("audit", "0009_chain_locked_last_hash"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        *add_status_since("cases", "Case", created="created_at"),
        *add_status_since("cases", "Referral", created="created_at"),
    ]
