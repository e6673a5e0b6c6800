"""The difficulties' own personas: a focal point of another embassy than Paris."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from guardian.shortcuts import assign_perm

from accounts.roles import Role


@pytest.fixture
def focal_berlin(cast: dict[str, Any]) -> User:
    """The focal point of the Berlin embassy (Germany, Austria, Switzerland): not of
    France's reports."""
    user = User.objects.create_user("focal_berlin", "focal_berlin@example.org", "demo")
    user.groups.add(Group.objects.get(name=Role.EMBASSY_FOCAL_POINT))
    assign_perm("registry.act_as_focal_point", user, cast["embassies"]["berlin"])
    return user
