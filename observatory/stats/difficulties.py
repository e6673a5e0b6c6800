"""The consular and administrative difficulties met abroad in figures: the reports
registered by category, by state, by country of residence and by administration, the
open ones and the overdue referrals, the median delays to answer and to resolve, and
the share resolved among the reports whose reporter gave their word.

Counted in SQL over `observatory.access.difficulties_in(scope)` (registered reports
only), narrowed by the filters (year: the year it was registered; embassy: the
competent one), in five queries whatever the number of reports: the counts in one
aggregate, the reports grouped by country and administration, the administrations'
names, the jurisdictions' countries, the delays (`difficulties.selectors.delays`).

A report is a person's trouble: someone reporting from a small country, or about a
rare administration, is identifiable. So the breakdowns are masked together as the
cases' are (`processes.masking`: under 5, "<5", with complementary suppression),
the reporters' word (resolved or not) too, and a median over fewer than 5 reports is
not shown (None).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from difficulties.choices import OPEN_STATES, REGISTERED_STATES, Category, DifficultyStatus
from difficulties.models import Administration, Difficulty
from difficulties.selectors.delays import Delay, median_delays
from observatory.access import Scope, difficulties_in
from observatory.filters import StatsFilters
from observatory.stats.common import by_country, counts_per_code, read_counts
from processes.masking import MASK, SMALL, mask_counts, mask_partitions, masked_count, masked_rate

# A report that names no administration yet (neither concerned nor referred to).
NO_ADMINISTRATION = "none"
STATES = [str(state) for state in REGISTERED_STATES]


def _counts(reports: QuerySet[Difficulty]) -> dict[str, int]:
    """The counts by category and state, the open ones, the overdue referrals and the
    reporters' word, in one aggregate."""
    return reports.order_by().aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATES)),
        overdue=Count(
            "pk",
            filter=Q(status=DifficultyStatus.REFERRED, due_date__lt=timezone.localdate()),
        ),
        with_feedback=Count("pk", filter=Q(feedback_resolved__isnull=False)),
        resolved=Count("pk", filter=Q(feedback_resolved=True)),
        **counts_per_code("category", Category.values),
        **counts_per_code("status", STATES),
    )


def _places(
    reports: QuerySet[Difficulty],
) -> tuple[dict[str, int], dict[str, int], dict[str, str]]:
    """The reports by country of residence and by the administration handling them
    (the one referred to, else the one concerned, as the delays count them), from one
    grouped query; and every administration's name by code (one query). Every
    administration is listed, those naming none under NO_ADMINISTRATION."""
    rows = (
        reports.order_by()
        .values_list("country", Coalesce("referred_to__code", "administration__code"))
        .annotate(n=Count("pk"))
    )
    names = dict(Administration.objects.values_list("code", "name"))
    countries: dict[str, int] = defaultdict(int)
    administrations = dict.fromkeys(names, 0)
    administrations[NO_ADMINISTRATION] = 0
    for country, code, n in rows:
        countries[str(country)] += n
        administrations[code or NO_ADMINISTRATION] += n
    return dict(countries), administrations, names


def _open(states: dict[str, int | str]) -> int | str:
    """The open reports, added up from the states shown: masked when one of them is
    (it would give a hidden state away)."""
    shown = [states[str(state)] for state in OPEN_STATES]
    if any(isinstance(value, str) for value in shown):
        return MASK
    return masked_count(sum(int(value) for value in shown))


def _medians(delay: Delay | None) -> dict[str, float | None]:
    """A delay's medians, each over at least SMALL reports, else None."""
    if delay is None:
        return {"to_answer": None, "to_resolve": None}
    return {
        "to_answer": delay.to_answer if delay.answered >= SMALL else None,
        "to_resolve": delay.to_resolve if delay.resolved >= SMALL else None,
    }


def _delays(reports: QuerySet[Difficulty], administrations: list[str]) -> dict[str, Any]:
    """The median days to answer and to resolve: over every report, per category
    (every one listed) and per administration (those counted)."""
    delays = median_delays(reports)
    categories = {delay.key: delay for delay in delays.by_category}
    handled = {delay.key: delay for delay in delays.by_administration}
    return {
        **_medians(delays.overall),
        "by_category": {code: _medians(categories.get(code)) for code in Category.values},
        "by_administration": {
            code: _medians(handled.get(code)) for code in administrations if code in handled
        },
    }


def difficulty_stats(scope: Scope, filters: StatsFilters) -> dict[str, Any]:
    """The figures of the difficulties `scope` counts, narrowed by `filters` (see the
    module's docstring and docs/observatory.md, « Difficulties figures »)."""
    reports = difficulties_in(scope).filter(filters.for_difficulties())
    figures = _counts(reports)
    countries, per_administration, names = _places(reports)
    _total, per_country = by_country(scope, filters, sorted(countries.items()))
    total, masked = mask_partitions(
        {
            "by_category": read_counts("category", Category.values, figures),
            "by_state": read_counts("status", STATES, figures),
            "by_country": per_country,
            "by_administration": per_administration,
        },
        figures["total"],
    )
    word = mask_counts(
        {
            "resolved": figures["resolved"],
            "unresolved": figures["with_feedback"] - figures["resolved"],
        },
        figures["with_feedback"],
    )
    return {
        "reports": {"total": total, **masked},
        "open": _open(masked["by_state"]),
        "overdue": masked_count(figures["overdue"]),
        "feedback": {
            "total": word["total"],
            "resolved": word["resolved"],
            "share_resolved": masked_rate(word["resolved"], word["total"]),
        },
        "delays": _delays(reports, list(per_administration)),
        "administrations": names,
    }
