"""Template helpers of the co-realisation pages: status colours and navigation links."""

from __future__ import annotations

from django import template

from processes.pages import status_classes
from workflows import home

register = template.Library()

# `{{ proposal.status|status_css }}` → the badge classes of a proposal status.
register.filter("status_css", status_classes(home.STATUS_CSS))
register.filter("tranche_css", status_classes(home.TRANCHE_CSS))
register.simple_tag(home.workflow_links)


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key) if hasattr(mapping, "get") else None
