"""The median delays of the register: from the report to its first answer, and from the
report to the reporter's word that it was resolved, per category and per administration
(the one it was referred to, else the one it concerns). Read by the register page, the
observatory and the quarterly report. A duplicate is left out: its main report carries
on for it, and is counted."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from difficulties.choices import Category, DifficultyStatus
from difficulties.models import Difficulty

DAY = 86400


@dataclass(frozen=True)
class Delay:
    """One line of a delay table: its label, how many reports, how many were answered
    and resolved, and the median days to each (None: none yet)."""

    key: str
    label: str
    reports: int
    answered: int
    resolved: int
    to_answer: float | None
    to_resolve: float | None


@dataclass(frozen=True)
class Delays:
    by_category: list[Delay]
    by_administration: list[Delay]
    # Every report together (key "all"; None: no report).
    overall: Delay | None = None


def _days(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max((end - start).total_seconds(), 0) / DAY


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _table(rows: Iterable[tuple[str, str, float | None, float | None]]) -> list[Delay]:
    grouped: dict[tuple[str, str], list[tuple[float | None, float | None]]] = defaultdict(list)
    for key, label, to_answer, to_resolve in rows:
        grouped[(key, label)].append((to_answer, to_resolve))
    table = []
    for (key, label), delays in grouped.items():
        answers = [a for a, _ in delays if a is not None]
        resolutions = [r for _, r in delays if r is not None]
        table.append(
            Delay(
                key=key,
                label=label,
                reports=len(delays),
                answered=len(answers),
                resolved=len(resolutions),
                to_answer=_median(answers),
                to_resolve=_median(resolutions),
            )
        )
    return sorted(table, key=lambda d: (-d.reports, d.label))


def median_delays(reports: QuerySet[Difficulty]) -> Delays:
    """The delays of the registered `reports`, duplicates aside (one query)."""
    rows = list(
        reports.filter(reported_at__isnull=False)
        .exclude(status=DifficultyStatus.DUPLICATE)
        .annotate(
            handled_by=Coalesce("referred_to__name", "administration__name"),
            handled_code=Coalesce("referred_to__code", "administration__code"),
        )
        .values_list(
            "category",
            "handled_code",
            "handled_by",
            "reported_at",
            "first_answered_at",
            "feedback_at",
            "feedback_resolved",
        )
    )
    labels = dict(Category.choices)
    by_category = []
    by_administration = []
    every = []
    for category, code, name, reported, answered, feedback, resolved in rows:
        to_answer = _days(reported, answered)
        to_resolve = _days(reported, feedback) if resolved else None
        by_category.append((category, str(labels.get(category, category)), to_answer, to_resolve))
        if code:
            by_administration.append((code, name, to_answer, to_resolve))
        every.append(("all", "", to_answer, to_resolve))
    overall = _table(every)
    return Delays(
        by_category=_table(by_category),
        by_administration=_table(by_administration),
        overall=overall[0] if overall else None,
    )
