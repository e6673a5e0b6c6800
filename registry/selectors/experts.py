"""The directory of the diaspora's competences as a user may search it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet

from accounts.types import AnyUser
from audit.security import get_visible_or_404
from processes.filters import filter_by, searched
from processes.pages import Page, keyset_page
from registry import access
from registry.models import CompetenceDomain, Expert

User = AnyUser


EXPERT_ORDER = ("last_name", "first_name", "id")


def expert_rows(user: User) -> QuerySet[Expert]:
    """What a table of experts shows, for the experts `user` may see."""
    return (
        access.experts_visible_to(user)
        .select_related("embassy", "home_region")
        .prefetch_related("competences")
    )


def expert_for_page(user: User, pk: int) -> Expert:
    """The expert `pk` with what the profile page shows; 404 when `user` may not see it."""
    return get_visible_or_404(
        access.experts_visible_to(user).select_related("embassy", "home_region"), pk=pk
    )


def expert_competences(expert: Expert) -> list[CompetenceDomain]:
    return list(expert.competences.all())


# What each filter of the directory sets.
EXPERT_FILTERS = {
    "competence": "competences",
    "country": "country",
    "teaching": "available_teaching",
    "medical": "available_medical",
}


def filter_experts(queryset: QuerySet[Expert], filters: Mapping[str, Any]) -> QuerySet[Expert]:
    queryset = filter_by(queryset, filters, EXPERT_FILTERS)
    return searched(
        queryset,
        filters,
        "first_name",
        "last_name",
        "profession",
        "education_field",
        every_word=True,
    )


def expert_page(
    user: User, filters: Mapping[str, Any], *, after: str = "", before: str = ""
) -> Page[Expert]:
    queryset = filter_experts(expert_rows(user), filters)
    return keyset_page(queryset, EXPERT_ORDER, after=after, before=before)
