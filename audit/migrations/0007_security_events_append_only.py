from django.db import migrations

from audit.append_only import RefuseChanges


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_history_append_only"),
    ]

    operations = [
        # On PostgreSQL, UPDATE and DELETE on the security events are refused by the database.
        RefuseChanges(["audit_securityevent"]),
    ]
