"""The co-realisation figures: proposals by status, region, prefecture and sector; the
grant requested, committed and disbursed, in all and per call against its envelope;
the diaspora's cash per franc of grant (leverage).

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

from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from observatory.access import Scope, proposals_in
from observatory.filters import StatsFilters
from workflows.models import (
    Call,
    Contribution,
    ContributionKind,
    ContributionSource,
    Proposal,
    ProposalStatus,
    Tranche,
    TrancheStatus,
)
from workflows.models.proposals import FUNDED_STATUSES


def proposal_stats(scope: Scope, filters: StatsFilters) -> dict[str, Any]:
    """The figures of the proposals `scope` counts, narrowed by `filters`."""
    counted = proposals_in(scope).filter(filters.for_proposals())
    by_status, committed_by_call = _by_status(counted)
    money = _contributions(counted)
    disbursed_by_call = _disbursed_by_call(counted)
    committed = sum(committed_by_call.values())
    return {
        "total": sum(by_status.values()),
        "by_status": by_status,
        "by_region": _count_by(counted, "region__code"),
        "by_prefecture": _count_by(counted.filter(prefecture__isnull=False), "prefecture__code"),
        "by_sector": _count_by(counted, "sector"),
        "requested": money["requested"],
        "committed": committed,
        "disbursed": sum(disbursed_by_call.values()),
        "calls": _calls(filters, committed_by_call, disbursed_by_call),
        "leverage": {
            "cash": money["cash"],
            "grant": committed,
            "per_franc": round(money["cash"] / committed, 2) if committed else None,
        },
    }


def _count_by(proposals: QuerySet[Proposal], field: str) -> dict[str, int]:
    """{code: number of proposals}, most first (then by code)."""
    rows = proposals.values(field).annotate(n=Count("pk")).order_by("-n", field)
    return {row[field]: row["n"] for row in rows}


def _by_status(proposals: QuerySet[Proposal]) -> tuple[dict[str, int], dict[int, int]]:
    """{status: n} in the lifecycle's order, and {call id: grant committed}: one query
    grouped by status and call."""
    rows = (
        proposals.values("status", "call_id")
        .annotate(n=Count("pk"), grant=Sum(Coalesce("grant_amount", 0) - F("released")))
        .order_by()
    )
    counts: dict[str, int] = {}
    committed: dict[int, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + row["n"]
        if row["status"] in FUNDED_STATUSES:
            committed[row["call_id"]] = committed.get(row["call_id"], 0) + int(row["grant"] or 0)
    order = list(ProposalStatus.values)
    return dict(sorted(counts.items(), key=lambda item: order.index(item[0]))), committed


def _contributions(proposals: QuerySet[Proposal]) -> dict[str, int]:
    """The grant requested (`state` contributions), and the associations' cash
    contributions of the proposals whose grant is still committed."""
    still_committed = Q(
        proposal__status__in=FUNDED_STATUSES,
        proposal__grant_amount__gt=F("proposal__released"),
    )
    sums = Contribution.objects.filter(proposal__in=proposals).aggregate(
        requested=Sum("amount", filter=Q(source=ContributionSource.STATE)),
        cash=Sum(
            "amount",
            filter=Q(source=ContributionSource.ASSOCIATION, kind=ContributionKind.CASH)
            & still_committed,
        ),
    )
    return {name: int(value or 0) for name, value in sums.items()}


def _disbursed_by_call(proposals: QuerySet[Proposal]) -> dict[int, int]:
    rows = (
        Tranche.objects.filter(proposal__in=proposals, status=TrancheStatus.PAID)
        .values("proposal__call_id")
        .annotate(paid=Sum("amount"))
        .order_by()
    )
    return {row["proposal__call_id"]: int(row["paid"]) for row in rows}


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
