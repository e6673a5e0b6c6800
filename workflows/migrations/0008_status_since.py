from django.db import migrations, models

from processes.backfill import add_status_since


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0004_status_since"),
        ("workflows", "0007_association_inbox_index"),
        ("audit", "0009_chain_locked_last_hash"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        *add_status_since("workflows", "Proposal", created="created_at"),
        *add_status_since("workflows", "Tranche"),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ("submitted", "under_review", "in_committee", "approved"))
                ),
                fields=["status_since"],
                name="proposal_waiting_since",
            ),
        ),
    ]
