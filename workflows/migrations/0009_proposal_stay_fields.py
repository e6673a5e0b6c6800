from django.db import migrations, models

from processes.backfill import fill_stay_fields

STAY_FIELDS = {
    "submitted": "screening_tenths",
    "under_review": "review_tenths",
    "in_committee": "committee_tenths",
    "approved": "signature_tenths",
}
# What the observatory's scope and filters read of a proposal, then its stages' columns.
FILTERED = ["call", "region", "status", "submitted_at", "association", "id"]
LABELS = {
    "screening_tenths": "durée de la recevabilité (dixièmes de jour)",
    "review_tenths": "durée de l'évaluation (dixièmes de jour)",
    "committee_tenths": "durée en comité (dixièmes de jour)",
    "signature_tenths": "durée jusqu'à la signature (dixièmes de jour)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0008_status_since"),
        ("audit", "0010_history_source_since"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name="proposal",
                name=name,
                field=models.PositiveIntegerField(
                    blank=True, editable=False, null=True, verbose_name=label
                ),
            )
            for name, label in LABELS.items()
        ),
        fill_stay_fields("workflows", "Proposal", STAY_FIELDS),
        # Built after the filling.
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                fields=[*FILTERED, *LABELS],
                name="proposal_stages",
            ),
        ),
        migrations.AddIndex(
            model_name="tranche",
            index=models.Index(
                condition=models.Q(("status", "paid")),
                fields=["proposal", "number", "paid_on", "requested_at"],
                name="tranche_paid",
            ),
        ),
    ]
