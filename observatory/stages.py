"""How long proposals spend in each stage, which wait longest, and the open reviews.

A stay in a state runs from the moment the proposal entered it to the transition that
took it out: the history row of that transition holds both (`source_since`, `at`). A
proposal that passes a state twice (returned, then resubmitted) counts each stay. The
stages: screening (`submitted`), review (`under_review`), committee (`in_committee`),
signature (`approved`), then each tranche from its request to its payment.

Percentiles are read off grouped counts: the database counts the stays per tenth of a
day (tranches: per day, `paid_on` being a day) and per stage, in one grouped query;
the median and the 90th percentile are then interpolated between ranks as
PostgreSQL's `percentile_cont` does, over those few hundred groups, never over the
rows. See docs/observatory.md, « Time spent in each stage ».
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Func, IntegerField, Min, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from audit.models import HistoryEntry
from workflows.models import WAITING_STATUSES, Proposal, Review, Tranche, TrancheStatus

# Each stage's code, and the state a proposal is in during it: the states in which it
# waits on the programme.
STAGES = dict(zip(("screening", "review", "committee", "signature"), WAITING_STATUSES, strict=True))
WAITING = WAITING_STATUSES
# A stay is counted in tenths of a day.
TENTHS_PER_DAY = 10
SECONDS_PER_TENTH = 86_400 // TENTHS_PER_DAY


class StayTenths(Func):
    """The tenths of a day from `source_since` to `at`, rounded, as an integer."""

    # PostgreSQL: (at - source_since) is an interval; date_part reads its seconds as a
    # double (EXTRACT gives a slower numeric).
    template = f"ROUND(date_part('epoch', %(expressions)s) / {SECONDS_PER_TENTH})::int"
    arg_joiner = " - "

    def __init__(self) -> None:
        super().__init__(F("at"), F("source_since"), output_field=IntegerField())

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # julianday(at) - julianday(source_since): days, as a real number.
        return self.as_sql(
            compiler,
            connection,
            template=f"CAST(ROUND((julianday(%(expressions)s)) * {TENTHS_PER_DAY}) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def stage_days(proposals: QuerySet[Proposal]) -> dict[str, dict[str, Any]]:
    """For each stage, then each tranche number found, the median and 90th percentile
    of its stays in days (one decimal; None when there is none) and their count."""
    counts: dict[str, dict[int, int]] = {code: {} for code in STAGES}
    stage_of = {str(state): code for code, state in STAGES.items()}
    stays = (
        # Only a transition's row (done, to another state) has a `source_since`: the
        # index `history_stays` holds every column read, so the table is not read.
        HistoryEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Proposal),
            source_state__in=WAITING,
            source_since__isnull=False,
            object_id__in=proposals.values("pk"),
        )
        .values("source_state", tenths=StayTenths())
        .annotate(n=Count("*"))
        .order_by()
    )
    for row in stays:
        counts[stage_of[row["source_state"]]][row["tenths"]] = row["n"]
    tranches = (
        Tranche.objects.filter(
            proposal__in=proposals.values("pk"),
            status=TrancheStatus.PAID,
            requested_at__isnull=False,
            paid_on__isnull=False,
        )
        .values("number", days=F("paid_on") - TruncDate("requested_at"))
        .annotate(n=Count("*"))
        .order_by()
    )
    by_number: dict[int, dict[int, int]] = defaultdict(dict)
    for row in tranches:
        by_number[row["number"]][row["days"].days * TENTHS_PER_DAY] = row["n"]
    for number in sorted(by_number):
        counts[f"tranche_{number}"] = by_number[number]
    return {code: summary(grouped) for code, grouped in counts.items()}


def summary(grouped: dict[int, int]) -> dict[str, Any]:
    """The median, 90th percentile (days) and count of stays grouped by tenths of a day."""
    ordered = sorted((tenths, n) for tenths, n in grouped.items() if n)
    count = sum(n for _tenths, n in ordered)
    return {
        "median": percentile(ordered, count, 0.5),
        "p90": percentile(ordered, count, 0.9),
        "count": count,
    }


def percentile(ordered: list[tuple[int, int]], count: int, fraction: float) -> float | None:
    """`percentile_cont(fraction)` of the values `ordered` as (tenths, how many), in days."""
    if not count:
        return None
    position = fraction * (count - 1)
    low = int(position)
    below, above = _nth(ordered, low), _nth(ordered, min(low + 1, count - 1))
    value = below + (above - below) * (position - low)
    return round(value / TENTHS_PER_DAY, 1)


def _nth(ordered: Iterable[tuple[int, int]], rank: int) -> int:
    """The value of 0-based `rank` among the grouped values."""
    seen = 0
    for value, n in ordered:
        seen += n
        if rank < seen:
            return value
    raise IndexError(rank)


def waiting_longest(proposals: QuerySet[Proposal], limit: int = 10) -> list[dict[str, Any]]:
    """The proposals waiting on the programme (in one of the stages) the longest in their
    current state, longest first."""
    now = timezone.now()
    rows = (
        proposals.filter(status__in=WAITING, status_since__isnull=False)
        .order_by("status_since", "pk")
        .values("id", "reference", "title", "status", "status_since")[:limit]
    )
    return [
        {
            "id": row["id"],
            "reference": row["reference"],
            "title": row["title"],
            "status": row["status"],
            "since": since.isoformat(),
            "days": _days(now - since),
        }
        for row in rows
        if (since := row["status_since"]) is not None
    ]


def open_reviews(proposals: QuerySet[Proposal]) -> list[dict[str, Any]]:
    """Per evaluator, the reviews not yet filed on `proposals` and the age of the oldest
    (days since it was assigned), most open first."""
    now = timezone.now()
    rows = (
        Review.objects.filter(proposal__in=proposals.values("pk"), submitted_at__isnull=True)
        .values(
            "evaluator_id",
            username=F("evaluator__username"),
            first=F("evaluator__first_name"),
            last=F("evaluator__last_name"),
        )
        .annotate(open=Count("*"), oldest=Min("assigned_at"))
        .order_by("-open", "oldest", "username")
    )
    return [
        {
            "evaluator": row["username"],
            "name": f"{row['first']} {row['last']}".strip() or row["username"],
            "open": row["open"],
            "oldest_days": _days(now - row["oldest"]),
        }
        for row in rows
    ]


def _days(elapsed: Any) -> float:
    return round(elapsed.total_seconds() / 86_400, 1)
