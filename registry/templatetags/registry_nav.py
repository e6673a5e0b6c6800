"""Template access to the registry links a user can reach (navigation, home page)."""

from __future__ import annotations

from django import template

from accounts.types import AnyUser
from registry import selectors

register = template.Library()


@register.simple_tag
def registry_links(user: AnyUser) -> list[selectors.HomeItem]:
    return selectors.registry_links(user)
