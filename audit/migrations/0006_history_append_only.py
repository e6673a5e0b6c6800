from django.db import migrations, models

from audit.append_only import RefuseChanges


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0005_history_hash_chain"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="historyentry",
            constraint=models.UniqueConstraint(fields=("previous_hash",), name="history_chain_no_fork"),
        ),
        # On PostgreSQL, UPDATE and DELETE on the history are refused by the database.
        RefuseChanges(["audit_historyentry"]),
    ]
