"""Who reads the security events: the auditors and the superuser."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from audit.models import SecurityEvent


def can_read_security_events(user: AnyUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or has_role(user, Role.AUDITOR)


def security_events_visible_to(user: AnyUser) -> QuerySet[SecurityEvent]:
    events = SecurityEvent.objects.select_related("user", "content_type")
    return events if can_read_security_events(user) else events.none()
