"""The security events as auditors read them: scoped, then narrowed by their filters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet

from accounts.types import AnyUser
from audit.access import security_events_visible_to
from audit.models import SecurityEvent


def security_events(user: AnyUser, filters: Mapping[str, Any]) -> QuerySet[SecurityEvent]:
    """The events `user` may read matching `filters`: `kind`, `user` (the account, or the
    name typed at a login), `address`, `since` and `until` (days, both included)."""
    events = security_events_visible_to(user)
    if filters.get("kind"):
        events = events.filter(kind=filters["kind"])
    if filters.get("user"):
        name = filters["user"]
        events = events.filter(Q(user__username=name) | Q(username=name))
    if filters.get("address"):
        events = events.filter(address=filters["address"])
    if filters.get("since"):
        events = events.filter(at__date__gte=filters["since"])
    if filters.get("until"):
        events = events.filter(at__date__lte=filters["until"])
    return events
