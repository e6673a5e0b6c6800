"""Returnee cases in figures: counts by status, region, return type, host country,
vulnerability (and prefecture for those who see cases in detail), referrals by service,
and the sustainability scores of the follow-ups, every count masked
(`processes.masking`).

Counted in SQL aggregates (every count of cases in one pass, a filtered count per
code) over `observatory.access.cases_in(scope)` narrowed by the filters. Only what
anonymisation keeps is read (status, region, prefecture, return type, country,
vulnerability categories, referrals, follow-up scores), so an anonymised case still
counts (its dates kept to the month: a visit's rank or a referral's lateness may move
within that month).

Each breakdown lists every code it could hold, zeros included (shown as "<5" like
any small count): a code left out would say "none" without a mask.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber

from cases.choices import AssistanceKind, CaseStatus, ReferralStatus, ReturnType, Vulnerability
from cases.models import Case, FollowUp, Referral
from cases.selectors import overdue_referral_filter
from observatory.access import Scope, cases_in
from observatory.filters import StatsFilters
from processes.masking import (
    MASK,
    OTHER_COUNTRIES,
    SMALL,
    TOTAL,
    mask_counts,
    mask_partitions,
    mask_table,
    masked_count,
    masked_mean,
    masked_rate,
)
from registry.models import Jurisdiction, Prefecture, Region

SCORES = ("economic", "social", "psychosocial", "composite")
ROUNDS = (1, 2, 3)
# Cases settled in no known prefecture.
NO_PREFECTURE = "unknown"


@dataclass(frozen=True)
class _Breakdown:
    """Cases per value of `field`, each counted under the key `domain` gives it, every
    key listed (zeros included); the values outside the domain under `other`."""

    field: str
    domain: dict[Any, str]
    other: str = ""

    def counts(self, name: str) -> dict[str, Count]:
        return {
            f"{name}__{index}": Count(
                "pk",
                filter=Q(**{f"{self.field}__isnull": True})
                if value is None
                else Q(**{self.field: value}),
            )
            for index, value in enumerate(self.domain)
        }

    def read(self, name: str, figures: dict[str, int], total: int) -> dict[str, int]:
        counts = {
            key: figures[f"{name}__{index}"] for index, key in enumerate(self.domain.values())
        }
        if self.other:
            counts[self.other] = counts.get(self.other, 0) + total - sum(counts.values())
        return counts


def _codes(values: Any) -> dict[Any, str]:
    return {value: str(value) for value in values}


def _has(code: str) -> Q:
    """The cases with vulnerability `code`: in the JSON list (`@>` where the database
    has it, else the text `"code"`, which no other code contains)."""
    if connection.features.supports_json_field_contains:
        return Q(vulnerabilities__contains=[code])
    return Q(vulnerabilities__icontains=f'"{code}"')


def _counted(
    cases: QuerySet[Case], breakdowns: dict[str, _Breakdown]
) -> tuple[int, dict[str, dict[str, int]], dict[str, int]]:
    """The number of cases, each breakdown and the cases with each vulnerability, in
    one query (one pass over the cases, a filtered count per code)."""
    aggregates: dict[str, Count] = {"total": Count("pk")}
    for name, breakdown in breakdowns.items():
        aggregates.update(breakdown.counts(name))
    for code in Vulnerability.values:
        aggregates[f"vulnerability__{code}"] = Count("pk", filter=_has(code))
    figures = cases.order_by().aggregate(**aggregates)
    total = figures["total"]
    partitions = {name: b.read(name, figures, total) for name, b in breakdowns.items()}
    vulnerabilities = {code: figures[f"vulnerability__{code}"] for code in Vulnerability.values}
    return total, partitions, vulnerabilities


def _countries(scope: Scope, filters: StatsFilters) -> tuple[list[str], str]:
    """The host countries the figures can hold, and the key of the others ("" when
    every case counted comes from a jurisdiction's country).

    The countries of the embassies' jurisdictions, always listed; over the whole
    programme, also every country that at least SMALL of all cases returned from
    (whatever the filters), the others counted together: a country listed for one
    case alone would say that someone returned from it."""
    jurisdictions = Jurisdiction.objects.order_by("country")
    narrowed = False
    if scope.embassy_ids is not None:
        jurisdictions = jurisdictions.filter(embassy_id__in=scope.embassy_ids)
        narrowed = True
    if filters.embassy is not None:
        jurisdictions = jurisdictions.filter(embassy_id=filters.embassy.pk)
        narrowed = True
    countries = [str(country) for country in jurisdictions.values_list("country", flat=True)]
    if narrowed:
        return countries, ""
    frequent = (
        cases_in(scope)
        .order_by()
        .values_list("returned_from", flat=True)
        .annotate(n=Count("*"))  # COUNT(*): read from the index of countries alone
        .filter(n__gte=SMALL)
    )
    return sorted({*countries, *(str(country) for country in frequent)}), OTHER_COUNTRIES


def _referrals(cases: QuerySet[Case] | None) -> dict[str, dict[str, Any]]:
    referrals = Referral.objects.all() if cases is None else Referral.objects.filter(case__in=cases)
    rows = (
        referrals.order_by()
        .values_list("service")
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(status=ReferralStatus.COMPLETED)),
            overdue=Count("pk", filter=overdue_referral_filter()),
        )
    )
    table = {code: {"completed": 0, "overdue": 0, "other": 0} for code in AssistanceKind.values}
    for service, total, completed, overdue in rows:
        table[service] = {
            "completed": completed,
            "overdue": overdue,
            "other": total - completed - overdue,
        }
    masked = mask_table(table, column_totals=False, unshown=["other"])
    return {
        service: {
            "total": masked[service][TOTAL],
            "completed": masked[service]["completed"],
            "completion_rate": masked_rate(masked[service]["completed"], masked[service][TOTAL]),
            "overdue": masked[service]["overdue"],
        }
        for service in AssistanceKind.values
    }


def _scores(
    cases: QuerySet[Case] | None,
) -> tuple[dict[str, float | None], list[dict[str, Any]]]:
    """The mean scores of each case's latest follow-up, and of its first, second and
    third (by visit date) as a trend: one query, each follow-up numbered in its case's
    visits, the last one being the one whose number is their count."""
    follow_ups = (
        (FollowUp.objects.all() if cases is None else FollowUp.objects.filter(case__in=cases))
        .order_by()
        .annotate(
            visits=Window(Count("pk"), partition_by=F("case_id")),
            round=Window(
                RowNumber(), partition_by=F("case_id"), order_by=[F("visit_date"), F("pk")]
            ),
        )
    )
    groups = {
        "latest": Q(round=F("visits")),
        **{f"r{number}": Q(round=number) for number in ROUNDS},
    }
    aggregates: dict[str, Any] = {}
    for group, where in groups.items():
        aggregates[f"{group}_n"] = Count("pk", filter=where)
        for name in SCORES:
            aggregates[f"{group}_{name}_sum"] = Sum(name, filter=where)
            aggregates[f"{group}_{name}_n"] = Count(name, filter=where)
    figures = follow_ups.aggregate(**aggregates)

    def means(group: str) -> dict[str, float | None]:
        return {
            name: masked_mean(figures[f"{group}_{name}_sum"], figures[f"{group}_{name}_n"])
            for name in SCORES
        }

    if _few_visited_so_often(figures):
        first = {"round": 1, "count": masked_count(figures["r1_n"]), **means("r1")}
        later = [{"round": number, "count": MASK, **dict.fromkeys(SCORES)} for number in ROUNDS[1:]]
        return dict.fromkeys(SCORES), [first, *later]
    trend = [
        {"round": number, "count": masked_count(figures[f"r{number}_n"]), **means(f"r{number}")}
        for number in ROUNDS
    ]
    return means("latest"), trend


def _few_visited_so_often(figures: dict[str, Any]) -> bool:
    """Whether the cases with exactly one visit, exactly two, and three or more (what
    the counts of the rounds tell, through their differences) are a partition with a
    count hidden: the rounds past the first and the latest visits' means would then
    give away the scores of those few (docs/observatory.md, "Case figures")."""
    counts = [figures[f"r{number}_n"] for number in ROUNDS]
    exactly = {str(n): c - (counts[n] if n < len(counts) else 0) for n, c in enumerate(counts, 1)}
    masked = mask_counts(exactly, counts[0])
    return any(masked[key] == MASK for key in exactly)


def case_stats(scope: Scope, filters: StatsFilters) -> dict[str, Any]:
    """The figures of the cases `scope` counts, narrowed by `filters` (see the
    module's docstring and docs/observatory.md, "Case figures")."""
    cases = cases_in(scope).filter(filters.for_cases())
    regions = Region.objects.order_by("code")
    if filters.region is not None:
        regions = regions.filter(pk=filters.region.pk)
    countries, other = _countries(scope, filters)
    breakdowns = {
        "by_status": _Breakdown("status", _codes(CaseStatus.values)),
        "by_region": _Breakdown("region_id", dict(regions.values_list("pk", "code"))),
        "by_return_type": _Breakdown("return_type", _codes(ReturnType.values)),
        "by_host_country": _Breakdown("returned_from", _codes(countries), other),
    }
    if scope.cases_in_detail:
        prefectures = Prefecture.objects.filter(region__in=regions).order_by("code")
        domain: dict[Any, str] = dict(prefectures.values_list("pk", "code"))
        domain[None] = NO_PREFECTURE
        breakdowns["by_prefecture"] = _Breakdown("prefecture_id", domain, NO_PREFECTURE)
    total, partitions, vulnerabilities = _counted(cases, breakdowns)
    shown_total, masked = mask_partitions(partitions, total)
    figures: dict[str, Any] = {
        "total": shown_total,
        **masked,
        "by_vulnerability": mask_counts(vulnerabilities, None),
    }
    # Every case counted: the referrals and follow-ups need not be narrowed.
    counted = None if scope.whole_programme and not filters.for_cases() else cases
    figures["referrals"] = _referrals(counted)
    figures["scores"], figures["scores_by_round"] = _scores(counted)
    return figures
