from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.roles import Role, roles_of
from accounts.two_factor import is_staff_account
from audit.access import can_read_security_events


def roles(request: HttpRequest) -> dict[str, Any]:
    held = roles_of(request.user)
    return {
        "user_roles": held,
        "user_role_labels": [role.label for role in Role if role.value in held],
        "can_read_security_events": can_read_security_events(request.user),
        "two_factor_offered": is_staff_account(request.user),
    }
