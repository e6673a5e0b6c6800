"""What several statistics modules count the same way: a filtered count per code in one
aggregate, and people counted by country of residence with the rare countries put
together."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q

from observatory.access import Scope
from observatory.filters import StatsFilters
from processes.masking import pool_countries
from registry.models import Jurisdiction


def counts_per_code(field: str, codes: Iterable[str]) -> dict[str, Count]:
    """A filtered count per code of `field`, named `field__code` (for `aggregate`)."""
    return {f"{field}__{code}": Count("pk", filter=Q(**{field: code})) for code in codes}


def read_counts(field: str, codes: Iterable[str], figures: dict[str, int]) -> dict[str, int]:
    """The counts of `counts_per_code` read back by code."""
    return {code: figures[f"{field}__{code}"] for code in codes}


def by_country(
    scope: Scope, filters: StatsFilters, rows: Iterable[tuple[object, int]]
) -> tuple[int, dict[str, int]]:
    """The total of `rows` ((country, n)) and their counts by country: the countries of
    the embassies' jurisdictions (the scope's, the filter's) always listed, and those
    counted at least SMALL times; the others together under OTHER_COUNTRIES (one
    query, the jurisdictions')."""
    jurisdictions = Jurisdiction.objects.all()
    if scope.embassy_ids is not None:
        jurisdictions = jurisdictions.filter(embassy_id__in=scope.embassy_ids)
    if filters.embassy is not None:
        jurisdictions = jurisdictions.filter(embassy_id=filters.embassy.pk)
    return pool_countries(jurisdictions.values_list("country", flat=True), rows)
