"""Load the sustainability survey's indicators and give the cell's roles their task permissions."""

import json
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "survey_indicators.json"
GRANTS = {
    "cell_caseworker": ["work_case"],
    "cell_supervisor": ["decide_plan", "decide_closure"],
}


def load(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    SurveyIndicator = apps.get_model("cases", "SurveyIndicator")
    for row in json.loads(FIXTURE.read_text(encoding="utf-8")):
        fields = dict(row["fields"])
        SurveyIndicator.objects.update_or_create(code=fields.pop("code"), defaults=fields)

    app_config = apps.get_app_config("cases")
    # The migration state's app config has no models module; create_permissions
    # only checks that it is set.
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="cases", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("accounts", "0001_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
