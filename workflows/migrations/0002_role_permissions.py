"""Give each role the model permissions its flow tasks ask for."""

from django.db import migrations

GRANTS = {
    "association_member": ["submit_proposal"],
    "programme_officer": ["screen_proposal", "manage_execution"],
    "committee_member": ["decide_proposal"],
    "finance_officer": ["pay_tranche"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("workflows")
    # The migration state's app config has no models module; create_permissions
    # only checks that it is set.
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="workflows", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=group_name):
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="workflows", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0001_initial"),
        ("accounts", "0001_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
