from django.db import migrations

ROLES = [
    "association_member",
    "embassy_focal_point",
    "programme_officer",
    "evaluator",
    "committee_member",
    "finance_officer",
    "cell_caseworker",
    "cell_supervisor",
    "auditor",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_roles, remove_roles)]
