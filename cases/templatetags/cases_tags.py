"""Template helpers of the case pages: status colours and navigation links."""

from __future__ import annotations

from django import template

from accounts.types import AnyUser
from cases import home
from registry.selectors import HomeItem

register = template.Library()


@register.filter
def case_status_css(status: str) -> str:
    """`{{ case.status|case_status_css }}` → the badge classes of a case status."""
    return home.STATUS_CSS.get(str(status), "text-bg-light border")


@register.filter
def referral_css(status: str) -> str:
    return home.REFERRAL_CSS.get(str(status), "text-bg-light border")


@register.simple_tag
def case_links(user: AnyUser) -> list[HomeItem]:
    return home.case_links(user)
