"""How long proposals spend in each stage, which wait longest, and the open reviews.

A stay in a state runs from the moment the proposal entered it to the transition that
took it out. A stage's duration for a proposal is the sum of its stays in the stage's
state (returned, then resubmitted: its two screening stays add up), kept on the
proposal by the transitions that leave the state (`Proposal.STAY_FIELDS`; null while
it has never left it). The stages: screening (`submitted`), review (`under_review`),
committee (`in_committee`), signature (`approved`), then each tranche from its request
to its payment.

Percentiles are read off grouped counts: the database counts the proposals per tenth of
a day (tranches: per day, `paid_on` being a day) and per stage, in one statement;
the median and the 90th percentile are then interpolated between ranks as
PostgreSQL's `percentile_cont` does, over those few hundred groups, never over the
rows. See docs/observatory.md, « Time spent in each stage ».
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, Min, QuerySet, Value
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


def stage_days(proposals: QuerySet[Proposal]) -> dict[str, dict[str, Any]]:
    """For each stage, then each tranche number found, the median and 90th percentile
    of its durations in days (one decimal; None when there is none) and their count."""
    counts: dict[str, dict[int, int]] = {code: {} for code in STAGES}
    # One grouped query per stage's column, in one statement: the caller's proposals
    # that passed the stage, counted per tenth of a day. No history is read.
    grouped = [
        proposals.filter(**{f"{field}__isnull": False})
        .values(stage=Value(code), tenths=F(field))
        .annotate(n=Count("*"))
        .order_by()
        for code, field in STAGE_FIELDS.items()
    ]
    for row in grouped[0].union(*grouped[1:], all=True):
        counts[row["stage"]][row["tenths"]] = row["n"]
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
