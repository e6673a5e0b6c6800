"""The diaspora's figures: associations and experts by country of residence, by home
region and prefecture, and the experts' competence domains ranked.

Counted in SQL (one grouped query per breakdown, six in all) over the scope's
associations and experts (`observatory.access`), narrowed by the filters' region and
embassy. Associations the embassy rejected are not counted; experts only when they
consented to be listed (`experts_in`). An association or expert that names no home
prefecture (or region) is in the totals and by country, not in that breakdown.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from observatory.access import Scope, associations_in, experts_in
from observatory.filters import StatsFilters
from registry.models import AssociationStatus, CompetenceDomain


def grouped(queryset: QuerySet[Any], field: str) -> dict[str, int]:
    """{value of `field`: rows}, most first, the rows whose field is empty left out."""
    rows = (
        queryset.exclude(**{f"{field}__isnull": True})
        .values_list(field)
        .annotate(n=Count("pk"))
        .order_by("-n", field)
    )
    return {value: n for value, n in rows if value}


def competences(experts: QuerySet[Any]) -> list[dict[str, Any]]:
    """Every competence domain with its experts counted, most first (then by name)."""
    domains = (
        CompetenceDomain.objects.annotate(
            count=Count("experts", filter=Q(experts__in=experts.values("pk")))
        )
        .values("code", "label_fr", "label_en", "count")
        .order_by("-count", "label_fr")
    )
    return [dict(domain) for domain in domains]


def diaspora_stats(scope: Scope, filters: StatsFilters) -> dict[str, Any]:
    associations = (
        associations_in(scope)
        .filter(filters.for_associations())
        .exclude(status=AssociationStatus.REJECTED)
    )
    experts = experts_in(scope).filter(filters.for_experts())
    association_countries = grouped(associations, "country")
    expert_countries = grouped(experts, "country")
    return {
        "associations": {
            "total": sum(association_countries.values()),
            "by_country": association_countries,
            "by_region": grouped(associations, "home_region__code"),
            "by_prefecture": grouped(associations, "home_prefecture__code"),
        },
        "experts": {
            "total": sum(expert_countries.values()),
            "by_country": expert_countries,
            "by_region": grouped(experts, "home_region__code"),
            "by_competence": competences(experts),
        },
    }
