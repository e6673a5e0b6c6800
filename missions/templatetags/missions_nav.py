"""Template helpers of the mission pages: the navigation's entry and the status colours."""

from __future__ import annotations

from django import template

from accounts.types import AnyUser
from missions import navigation
from processes.pages import status_classes

register = template.Library()

MISSION_CSS = {
    "invited": "text-bg-info",
    "applied": "text-bg-light border",
    "shortlisted": "text-bg-info",
    "selected": "text-bg-warning",
    "approved": "text-bg-primary",
    "in_progress": "text-bg-primary",
    "reported": "text-bg-warning",
    "certified": "text-bg-success",
    "declined": "text-bg-secondary",
    "withdrawn": "text-bg-secondary",
    "cancelled": "text-bg-dark",
}
LICENCE_CSS = {
    "pending": "text-bg-warning",
    "checked": "text-bg-success",
    "refused": "text-bg-danger",
}

# `{{ mission.status|mission_status_css }}` → the badge classes of a mission's state.
register.filter("mission_status_css", status_classes(MISSION_CSS))
register.filter("licence_status_css", status_classes(LICENCE_CSS))


@register.simple_tag
def mission_menu(user: AnyUser) -> dict[str, object]:
    """`{"label", "links"}` of the navigation's « Missions » entry (no links: no entry)."""
    links = navigation.mission_links(user)
    return {"label": navigation.menu_label(user) if links else "", "links": links}
