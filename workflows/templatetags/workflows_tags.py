"""Template helpers of the co-realisation pages: status colours and navigation links."""

from __future__ import annotations

from django import template

from accounts.types import AnyUser
from registry.selectors import HomeItem
from workflows import home

register = template.Library()


@register.filter
def status_css(status: str) -> str:
    """`{{ proposal.status|status_css }}` → the badge classes of a proposal status."""
    return home.STATUS_CSS.get(str(status), "text-bg-light border")


@register.filter
def tranche_css(status: str) -> str:
    return home.TRANCHE_CSS.get(str(status), "text-bg-light border")


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def workflow_links(user: AnyUser) -> list[HomeItem]:
    return home.workflow_links(user)
