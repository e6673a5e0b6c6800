"""How long proposals spend in each stage, which wait longest, and the open reviews.

A stay in a state runs from the moment the proposal entered it to the transition that
took it out. A stage's duration for a proposal is the sum of its stays in the stage's
state (returned, then resubmitted: its two screening stays add up), kept on the
proposal by the transitions that leave the state (`Proposal.STAY_FIELDS`; null while
it has never left it). The stages: screening (`submitted`), review (`under_review`),
committee (`in_committee`), signature (`approved`), then each tranche from its request
to its payment.

Percentiles are read off grouped counts: the database counts the proposals per tenth of
a day (tranches: per day, `paid_on` being a day) and per stage, in one statement
(on PostgreSQL, one pass over the proposals: a grouping set per stage);
the median and the 90th percentile are then interpolated between ranks as
PostgreSQL's `percentile_cont` does, over those few hundred groups, never over the
rows. See docs/observatory.md, « Time spent in each stage ».
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, F, Func, IntegerField, Min, QuerySet, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

from processes.fsm import SECONDS_PER_TENTH
from workflows.models import WAITING_STATUSES, Proposal, Review, Tranche, TrancheStatus

# Each stage's code, and the state a proposal is in during it: the states in which it
# waits on the programme.
STAGES = dict(zip(("screening", "review", "committee", "signature"), WAITING_STATUSES, strict=True))
WAITING = WAITING_STATUSES
# Each stage's column on the proposal: the time it spent in the stage's state, summed
# over its stays, in tenths of a day (`Proposal.STAY_FIELDS`).
STAGE_FIELDS = {code: Proposal.STAY_FIELDS[state] for code, state in STAGES.items()}
TENTHS_PER_DAY = 86_400 // SECONDS_PER_TENTH


class DaysBetween(Func):
    """The whole days from one day to another, as an integer (PostgreSQL: a day minus a
    day is one; an interval would be built and read back for each row otherwise)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()

    def __init__(self, start: Any, end: Any) -> None:
        super().__init__(end, start)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "CAST(julianday(%(expressions)s) AS INTEGER)"
        return self.as_sql(
            compiler, connection, template=template, arg_joiner=") - julianday(", **extra
        )


def stage_days(proposals: QuerySet[Proposal]) -> dict[str, dict[str, Any]]:
    """For each stage, then each tranche number found, the median and 90th percentile
    of its durations in days (one decimal; None when there is none) and their count."""
    counts: dict[str, dict[int, int]] = {code: {} for code in STAGES}
    for code, tenths, n in _stage_counts(proposals):
        counts[code][tenths] = n
    tranches = (
        Tranche.objects.filter(
            proposal__in=proposals.values("pk"),
            status=TrancheStatus.PAID,
            requested_at__isnull=False,
            paid_on__isnull=False,
        )
        .values("number", days=DaysBetween(TruncDate("requested_at"), F("paid_on")))
        .annotate(n=Count("*"))
        .order_by()
    )
    by_number: dict[int, dict[int, int]] = defaultdict(dict)
    for row in tranches:
        by_number[row["number"]][row["days"] * TENTHS_PER_DAY] = row["n"]
    for number in sorted(by_number):
        counts[f"tranche_{number}"] = by_number[number]
    return {code: summary(grouped) for code, grouped in counts.items()}


def _stage_counts(proposals: QuerySet[Proposal]) -> Iterator[tuple[str, int, int]]:
    """(stage, tenths of a day, how many) of `proposals` that have left each stage, in
    one statement; no history is read."""
    connection = connections[proposals.db]
    fields = list(STAGE_FIELDS.values())
    if connection.vendor != "postgresql":
        # One grouped query per stage's column, sent together.
        grouped = [
            proposals.filter(**{f"{field}__isnull": False})
            .values(stage=Value(code), tenths=F(field))
            .annotate(n=Count("*"))
            .order_by()
            for code, field in STAGE_FIELDS.items()
        ]
        for row in grouped[0].union(*grouped[1:], all=True):
            yield row["stage"], row["tenths"], row["n"]
        return
    # PostgreSQL reads the proposals once: a grouping set per column. GROUPING() tells
    # the set of each row (a bit per column, set for those not grouped).
    try:
        columns_of = proposals.order_by().values(*fields)
        sql, params = columns_of.query.get_compiler(columns_of.db).as_sql()
    except EmptyResultSet:  # proposals.none()
        return
    columns = ", ".join(connection.ops.quote_name(field) for field in fields)
    sets = ", ".join(f"({connection.ops.quote_name(field)})" for field in fields)
    every = (1 << len(fields)) - 1
    stage_of = {every ^ (1 << (len(fields) - 1 - i)): code for i, code in enumerate(STAGES)}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT GROUPING({columns}), COALESCE({columns}), COUNT(*) "
            f"FROM ({sql}) AS proposals GROUP BY GROUPING SETS ({sets})",
            params,
        )
        for grouping, tenths, n in cursor.fetchall():
            if tenths is not None:  # the proposals that never left that stage
                yield stage_of[grouping], tenths, n


def summary(grouped: dict[int, int]) -> dict[str, Any]:
    """The median, 90th percentile (days) and count of durations grouped by tenths of a day."""
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
