from django.db import migrations, models


def from_history(apps, schema_editor):
    """Cases awaiting a closure decision: the state their last closure request left."""
    Case = apps.get_model("cases", "Case")
    ContentType = apps.get_model("contenttypes", "ContentType")
    HistoryEntry = apps.get_model("audit", "HistoryEntry")
    case_type = ContentType.objects.filter(app_label="cases", model="case").first()
    if case_type is None:
        return
    for case in Case.objects.filter(status="closure_requested"):
        entry = (
            HistoryEntry.objects.filter(
                content_type=case_type,
                object_id=case.pk,
                action="request_closure",
                outcome="done",
                source_state__in=["in_support", "follow_up"],
            )
            .order_by("-at", "-id")
            .first()
        )
        Case.objects.filter(pk=case.pk).update(
            closure_requested_from=entry.source_state if entry else "in_support"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cases", "0003_follow_up_scores_may_be_empty"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="closure_requested_from",
            field=models.CharField(
                blank=True,
                choices=[("in_support", "En accompagnement"), ("follow_up", "En suivi")],
                editable=False,
                help_text="Un refus de clôture ramène le dossier dans cet état.",
                max_length=20,
                verbose_name="état avant la demande de clôture",
            ),
        ),
        migrations.RunPython(from_history, migrations.RunPython.noop),
    ]
