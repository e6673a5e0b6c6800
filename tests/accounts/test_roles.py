from django.contrib.auth.models import Group

from accounts.roles import Role


def test_every_role_exists_as_a_group_after_migrations(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_the_demo_cast_holds_the_roles_of_its_names(cast):
    users = cast["users"]
    assert users["focal_paris"].groups.filter(name=Role.EMBASSY_FOCAL_POINT).exists()
    assert users["supervisor"].groups.filter(name=Role.CELL_SUPERVISOR).exists()
    assert users["admin"].is_superuser
