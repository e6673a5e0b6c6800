from django.db import migrations

from audit.chain import CreateLockedLastHash


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0008_security_event_detail_bound"),
    ]

    operations = [
        # On PostgreSQL, the chain's lock and its last hash in one call.
        CreateLockedLastHash(),
    ]
