"""The diaspora's figures: associations and experts by country of residence, by home
region and prefecture, and the experts' competence domains ranked.

Counted in SQL over the scope's associations and experts (`observatory.access`),
narrowed by the filters' region and embassy, in four queries: the associations grouped
by (country, home region, home prefecture) and the experts by (country, home region),
each table read once, the breakdowns then added up from those groups (at most
countries × prefectures of them, never a row per association); the experts' competence
domains grouped; the domains' labels. Associations the embassy rejected are not
counted; experts only when they consented to be listed (`experts_in`). An association
or expert that names no home prefecture (or region) is in the totals and by country,
not in that breakdown.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, QuerySet

from observatory.access import Scope, associations_in, experts_in
from observatory.filters import StatsFilters
from registry.models import AssociationStatus, CompetenceDomain, Expert


def _groups(queryset: QuerySet[Any], *fields: str) -> list[tuple[Any, ...]]:
    """(value of each field…, rows) of each group, one grouped query."""
    return list(queryset.values_list(*fields).annotate(n=Count("pk")).order_by())


def _ranked(counts: Counter[str]) -> dict[str, int]:
    """{code: n}, most first (then by code), empty codes left out."""
    return {
        code: n for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])) if code
    }


def _summed(groups: list[tuple[Any, ...]], column: int) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for group in groups:
        counts[group[column] or ""] += group[-1]
    return _ranked(counts)


def competences(experts: QuerySet[Expert]) -> list[dict[str, Any]]:
    """Every competence domain with its experts counted, most first (then by name)."""
    through = Expert.competences.through.objects.filter(expert__in=experts)
    counted = dict(through.values_list("competencedomain_id").annotate(n=Count("pk")).order_by())
    domains = [
        {"code": code, "label_fr": label_fr, "label_en": label_en, "count": counted.get(pk, 0)}
        for pk, code, label_fr, label_en in CompetenceDomain.objects.values_list(
            "pk", "code", "label_fr", "label_en"
        )
    ]
    return sorted(domains, key=lambda domain: (-domain["count"], domain["label_fr"]))


def diaspora_stats(scope: Scope, filters: StatsFilters) -> dict[str, Any]:
    associations = _groups(
        associations_in(scope)
        .filter(filters.for_associations())
        .exclude(status=AssociationStatus.REJECTED),
        "country",
        "home_region__code",
        "home_prefecture__code",
    )
    experts = experts_in(scope).filter(filters.for_experts())
    expert_groups = _groups(experts, "country", "home_region__code")
    return {
        "associations": {
            "total": sum(group[-1] for group in associations),
            "by_country": _summed(associations, 0),
            "by_region": _summed(associations, 1),
            "by_prefecture": _summed(associations, 2),
        },
        "experts": {
            "total": sum(group[-1] for group in expert_groups),
            "by_country": _summed(expert_groups, 0),
            "by_region": _summed(expert_groups, 1),
            "by_competence": competences(experts),
        },
    }
