"""Template helpers of the register: the navigation's entries."""

from __future__ import annotations

from django import template

from accounts.types import AnyUser
from difficulties import navigation
from registry.selectors.home import HomeItem

register = template.Library()


@register.simple_tag
def difficulty_menu(user: AnyUser) -> dict[str, object]:
    """`{"staff", "public"}`: the staff's pages (empty: no staff part) and the public
    pages, for the navigation's « Difficultés signalées » entry."""
    return {"staff": navigation.staff_links(user), "public": navigation.public_links()}


@register.simple_tag
def public_difficulty_links() -> list[HomeItem]:
    """The public pages, for the navigation of a visitor without an account."""
    return navigation.public_links()
