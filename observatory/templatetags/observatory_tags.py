"""The observatory's place in the navigation: `{% observatory_url user as url %}`."""

from __future__ import annotations

from django import template

from accounts.types import AnyUser
from observatory import home

register = template.Library()


@register.simple_tag
def observatory_url(user: AnyUser) -> str:
    """The dashboard's address for an observer, "" for anyone else."""
    return home.dashboard_url(user)
