"""Load Togo's geography, the sectors and the competence taxonomy.

Reads the JSON fixtures shipped in `registry/fixtures/` through the historical
models (not `loaddata`), so it keeps working as the models evolve.
"""

import json
from pathlib import Path

from django.db import migrations

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SECTORS = [
    "water", "education", "health", "agriculture", "energy",
    "economy", "environment", "culture", "infrastructure", "digital",
]


def _rows(name, model):
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return [row for row in data if row["model"] == model]


def load(apps, schema_editor):
    Region = apps.get_model("registry", "Region")
    Prefecture = apps.get_model("registry", "Prefecture")
    SectorChoice = apps.get_model("registry", "SectorChoice")
    CompetenceDomain = apps.get_model("registry", "CompetenceDomain")

    regions_by_pk = {}
    for row in _rows("geography.json", "registry.region"):
        region, _ = Region.objects.update_or_create(
            code=row["fields"]["code"], defaults={"name": row["fields"]["name"]}
        )
        regions_by_pk[row["pk"]] = region
    for row in _rows("geography.json", "registry.prefecture"):
        fields = row["fields"]
        Prefecture.objects.update_or_create(
            code=fields["code"],
            defaults={"name": fields["name"], "region": regions_by_pk[fields["region"]]},
        )
    for code in SECTORS:
        SectorChoice.objects.get_or_create(code=code)
    for row in _rows("competence_domains.json", "registry.competencedomain"):
        fields = row["fields"]
        CompetenceDomain.objects.update_or_create(
            code=fields["code"],
            defaults={"label_fr": fields["label_fr"], "label_en": fields["label_en"]},
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
