"""The co-realisation figures: proposals by status, region, prefecture and sector; the
grant requested, committed and disbursed, in all and per call against its envelope;
the diaspora's cash per franc of grant (leverage); and, from `observatory.stages`, the
days spent in each stage, the proposals waiting longest and the evaluators' open
reviews (the last two for the whole programme's scopes only: they name people).

Every figure is a grouped SQL query over the proposals counted: those of
`observatory.access.proposals_in(scope)` (never a draft) narrowed by the filters. The
amounts mean what the services mean by them (docs/observatory.md, « Co-realisation
figures »):

- requested: the proposals' `state` contributions (the grant their budget asks for);
- committed: of the proposals approved and after (`FUNDED_STATUSES`), the grant less
  what their termination or closing released: what approval adds to `Call.committed`
  and termination or closing takes back;
- disbursed: their paid tranches;
- a call's `left`: its envelope less everything committed on it, whoever sees it
  (`Call.envelope_left`): a filter or a jurisdiction does not free the rest of an
  envelope shared by the whole programme.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from observatory import stages
from observatory.access import Scope, proposals_in
from observatory.filters import StatsFilters
from workflows.models import (
    Call,
    ContributionKind,
    ContributionSource,
    Proposal,
    ProposalStatus,
    TrancheStatus,
)
from workflows.models.proposals import FUNDED_STATUSES


def proposal_stats(scope: Scope, filters: StatsFilters) -> dict[str, Any]:
    """The figures of the proposals `scope` counts, narrowed by `filters`."""
    counted = proposals_in(scope).filter(filters.for_proposals())
    groups = _grouped(counted)
    by_status, committed_by_call = _statuses(groups["status"])
    money = _contributions(counted)
    disbursed_by_call = _disbursed_by_call(counted)
    committed = sum(committed_by_call.values())
    return {
        "total": sum(by_status.values()),
        "by_status": by_status,
        "by_region": _most_first(groups["region"]),
        "by_prefecture": _most_first(groups["prefecture"]),
        "by_sector": _most_first(groups["sector"]),
        "requested": money["requested"],
        "committed": committed,
        "disbursed": sum(disbursed_by_call.values()),
        "calls": _calls(filters, committed_by_call, disbursed_by_call),
        "stage_days": stages.stage_days(counted),
        # Named proposals and evaluators: for the whole programme's eyes only.
        "waiting_longest": stages.waiting_longest(counted) if scope.whole_programme else [],
        "open_reviews": stages.open_reviews(counted) if scope.whole_programme else [],
        "leverage": {
            "cash": money["cash"],
            "grant": committed,
            "per_franc": round(money["cash"] / committed, 2) if committed else None,
        },
    }


# What the proposals are grouped by: (status, call) with the grant committed; each of
# the others with its count. A row: (key, n, grant): the key a tuple for the first.
_SETS = {
    "status": ("k_status", "k_call"),
    "region": ("k_region",),
    "prefecture": ("k_prefecture",),
    "sector": ("k_sector",),
}
_KEYS = {
    "k_status": F("status"),
    "k_call": F("call_id"),
    "k_region": F("region__code"),
    "k_prefecture": F("prefecture__code"),
    "k_sector": F("sector"),
}
Rows = dict[str, list[tuple[Any, int, int]]]


def _grouped(proposals: QuerySet[Proposal]) -> Rows:
    """The proposals grouped four ways, in one scan on PostgreSQL (GROUPING SETS), one
    grouped query each elsewhere. A proposal that names no prefecture is in no group
    of prefectures."""
    if connections[proposals.db].vendor != "postgresql":
        return {name: _grouped_by(proposals, keys) for name, keys in _SETS.items()}
    try:
        inner, params = (
            proposals.order_by()
            .values(**_KEYS, k_grant=Coalesce("grant_amount", 0) - F("released"))
            .query.sql_with_params()
        )
    except EmptyResultSet:  # a scope that counts nothing
        return {name: [] for name in _SETS}
    sets = ", ".join(f"({', '.join(keys)})" for keys in _SETS.values())
    sql = (
        "SELECT GROUPING(k_status, k_region, k_prefecture, k_sector), k_status, k_call, "
        "k_region, k_prefecture, k_sector, COUNT(*), SUM(k_grant) "
        f"FROM ({inner}) AS counted GROUP BY GROUPING SETS ({sets})"
    )
    # GROUPING(…) has a bit per column (status 8, region 4, prefecture 2, sector 1),
    # set when the row is not grouped by it; and the row's key columns.
    which = {
        0b0111: ("status", slice(1, 3)),
        0b1011: ("region", slice(3, 4)),
        0b1101: ("prefecture", slice(4, 5)),
        0b1110: ("sector", slice(5, 6)),
    }
    rows: Rows = {name: [] for name in _SETS}
    with connections[proposals.db].cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            name, columns = which[row[0]]
            key = row[columns]
            if key[0] is not None:
                rows[name].append((key if len(key) > 1 else key[0], row[6], int(row[7] or 0)))
    return rows


def _grouped_by(proposals: QuerySet[Proposal], keys: tuple[str, ...]) -> list[tuple[Any, int, int]]:
    grouped = cast(
        Iterable[dict[str, Any]],
        proposals.order_by()
        .values(**{key: _KEYS[key] for key in keys})
        .annotate(n=Count("pk"), grant=Sum(Coalesce("grant_amount", 0) - F("released"))),
    )
    return [
        (
            tuple(row[k] for k in keys) if len(keys) > 1 else row[keys[0]],
            row["n"],
            int(row["grant"] or 0),
        )
        for row in grouped
        if row[keys[0]] is not None
    ]


def _most_first(rows: list[tuple[Any, int, int]]) -> dict[str, int]:
    """{code: number of proposals}, most first (then by code)."""
    return {code: n for code, n, _ in sorted(rows, key=lambda row: (-row[1], row[0]))}


def _statuses(rows: list[tuple[Any, int, int]]) -> tuple[dict[str, int], dict[int, int]]:
    """{status: n} in the lifecycle's order, and {call id: grant committed}."""
    counts: dict[str, int] = {}
    committed: dict[int, int] = {}
    for (status, call), n, grant in rows:
        counts[status] = counts.get(status, 0) + n
        if status in FUNDED_STATUSES:
            committed[call] = committed.get(call, 0) + grant
    order = list(ProposalStatus.values)
    return dict(sorted(counts.items(), key=lambda item: order.index(item[0]))), committed


def _contributions(proposals: QuerySet[Proposal]) -> dict[str, int]:
    """The grant requested (`state` contributions), and the associations' cash
    contributions of the proposals whose grant is still committed: one join of the
    proposals with their contributions of those two sources."""
    still_committed = Q(status__in=FUNDED_STATUSES, grant_amount__gt=F("released"))
    sums = proposals.filter(
        contributions__source__in=[ContributionSource.STATE, ContributionSource.ASSOCIATION]
    ).aggregate(
        requested=Sum(
            "contributions__amount", filter=Q(contributions__source=ContributionSource.STATE)
        ),
        cash=Sum(
            "contributions__amount",
            filter=Q(
                contributions__source=ContributionSource.ASSOCIATION,
                contributions__kind=ContributionKind.CASH,
            )
            & still_committed,
        ),
    )
    return {name: int(value or 0) for name, value in sums.items()}


def _disbursed_by_call(proposals: QuerySet[Proposal]) -> dict[int, int]:
    """{call id: the proposals' paid tranches}: one join of the proposals with them."""
    rows = (
        proposals.filter(tranches__status=TrancheStatus.PAID)
        .values("call_id")
        .annotate(paid=Sum("tranches__amount"))
        .order_by()
    )
    return {row["call_id"]: int(row["paid"]) for row in rows}


def _calls(
    filters: StatsFilters, committed: dict[int, int], disbursed: dict[int, int]
) -> list[dict[str, Any]]:
    """Every call the filters name (a call none of whose proposals is counted still shows
    its envelope), newest first."""
    calls = Call.objects.all()
    if filters.call is not None:
        calls = calls.filter(pk=filters.call.pk)
    if filters.year is not None:
        calls = calls.filter(year=filters.year)
    rows = calls.values("id", "title", "year", "envelope", "committed")
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "year": row["year"],
            "envelope": row["envelope"],
            "committed": committed.get(row["id"], 0),
            "disbursed": disbursed.get(row["id"], 0),
            "left": row["envelope"] - row["committed"],
        }
        for row in rows
    ]
