"""Togo's geography as the forms offer it: the prefectures of one region."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from registry.models import Prefecture


def prefectures_of_region(region: str | int | None) -> QuerySet[Prefecture]:
    """The prefectures of `region` (a region id as a form sends it), by name; none if invalid."""
    if region is None or not str(region).isdigit():
        return Prefecture.objects.none()
    return Prefecture.objects.filter(region_id=region).order_by("name")


def prefecture_choices(
    region: str | int | None, selected: str | int | None
) -> QuerySet[Prefecture] | None:
    """What a prefecture select offers once a region is chosen, keeping the one `selected`.

    None when no valid region is chosen: the select keeps what it offers.
    """
    if region is None or not str(region).isdigit():
        return None
    shown = Q(region_id=region)
    if selected and str(selected).isdigit():
        shown |= Q(pk=selected)
    return Prefecture.objects.filter(shown)
