"""Template helpers of the register's pages: the status colours, the delays in days and
the reports' codes as each reader sees them."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext, ngettext

from difficulties import access
from difficulties.models import Difficulty
from processes.pages import status_classes

register = template.Library()

DIFFICULTY_CSS = {
    "unconfirmed": "text-bg-light border",
    "reported": "text-bg-info",
    "qualified": "text-bg-info",
    "referred": "text-bg-primary",
    "answered": "text-bg-warning",
    "resolved": "text-bg-success",
    "unresolved": "text-bg-danger",
    "closed": "text-bg-secondary",
    "duplicate": "text-bg-secondary",
    "rejected": "text-bg-dark",
}

# `{{ difficulty.status|difficulty_status_css }}` → the badge classes of a report's state.
register.filter("difficulty_status_css", status_classes(DIFFICULTY_CSS))


@register.filter
def days(value: float | None) -> str:
    """A median delay in days as the reader writes it (« 3,5 jours », « moins d'un
    jour » under one); « — » when none."""
    if value is None:
        return "—"
    if value < 1:
        return gettext("moins d'un jour")
    shown = floatformat(value, -1)
    return ngettext("%(days)s jour", "%(days)s jours", 2 if value >= 2 else 1) % {"days": shown}


@register.simple_tag(takes_context=True)
def difficulty_code(context: template.Context, difficulty: Difficulty) -> str:
    """`{% difficulty_code difficulty %}`: the tracking code, or for an auditor (who
    reads a report by its page and never speaks for its reporter) the report's number."""
    request = context.get("request")
    if request is not None and access.hides_codes(request.user):
        return f"n° {difficulty.pk}"
    return difficulty.tracking_code
