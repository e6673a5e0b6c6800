from django.db import migrations, models


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
    ]
