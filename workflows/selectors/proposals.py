"""The proposals a user sees, one proposal's page, its history, and the list's filters."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet

from accounts.types import AnyUser
from audit.models import HistoryEntry
from processes.filters import filter_by, searched
from registry.models import Prefecture
from workflows import access
from workflows.models import Proposal, ProposalStatus, Review, Tranche

User = AnyUser


def proposals_for_list(user: User) -> QuerySet[Proposal]:
    """The proposal list of a page or the API: scoped, with what the rows show."""
    return (
        access.proposals_visible_to(user)
        .select_related("call", "association", "region", "prefecture")
        .order_by("-id")
    )


def with_budget(proposal: Proposal) -> Proposal:
    """A fresh copy of `proposal` with its call, association, budget and contributions."""
    return (
        Proposal.objects.select_related("call", "association")
        .prefetch_related("budget_lines", "contributions")
        .get(pk=proposal.pk)
    )


def proposal_for_page(user: User, pk: int) -> Proposal | None:
    return (
        access.proposals_visible_to(user)
        .select_related("call", "association", "association__embassy", "region", "prefecture")
        .prefetch_related(
            "budget_lines",
            "contributions",
            "call__criteria",
            Prefetch(
                "tranches",
                queryset=Tranche.objects.select_related("report_file").order_by("number"),
            ),
            Prefetch(
                "reviews",
                queryset=Review.objects.select_related("evaluator").order_by("round", "id"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def history_of(proposal: Proposal) -> QuerySet[HistoryEntry]:
    """The proposal's rows and its tranches' rows, oldest first.

    The tranches' ids are read first (from the page's prefetch when it has one): given as
    values, each side of the condition is a range of the history's (content type, object)
    index, where `object_id IN (subquery)` made PostgreSQL scan the whole table.
    """
    tranche_ids = [t.pk for t in proposal.tranches.all()]
    return (
        HistoryEntry.objects.filter(
            Q(content_type=ContentType.objects.get_for_model(Proposal), object_id=proposal.pk)
            | Q(content_type=ContentType.objects.get_for_model(Tranche), object_id__in=tranche_ids)
        )
        .select_related("by", "content_type")
        .order_by("at", "id")
    )


def committee_ranking(user: User) -> QuerySet[Proposal]:
    """Proposals in committee, best weighted score first (mean of the current round)."""
    from django.db.models import Avg, F

    return (
        access.proposals_visible_to(user)
        .filter(status=ProposalStatus.IN_COMMITTEE)
        .annotate(
            score=Avg(
                "reviews__weighted_score",
                filter=Q(reviews__round=F("review_round"), reviews__submitted_at__isnull=False),
            )
        )
        .select_related("call", "association", "region")
        .prefetch_related("budget_lines", "contributions")
        .order_by(F("score").desc(nulls_last=True), "id")
    )


# What each filter of the list sets.
PROPOSAL_FILTERS = {"status": "status", "call": "call", "region": "region", "sector": "sector"}


def filter_proposals(queryset: QuerySet[Proposal], filters: dict[str, Any]) -> QuerySet[Proposal]:
    """The proposal list narrowed by the page's filters (status, call, region, sector, text)."""
    queryset = filter_by(queryset, filters, PROPOSAL_FILTERS)
    return searched(queryset, filters, "reference", "title", "association__name", "locality")


def prefectures_of(region: str) -> QuerySet[Prefecture]:
    """The prefectures of one region (by its id, as a select sends it), by name."""
    if not region.isdigit():
        return Prefecture.objects.none()
    return Prefecture.objects.filter(region_id=region).order_by("name")


def proposal_id_of_tranche(pk: int) -> int | None:
    return Tranche.objects.filter(pk=pk).values_list("proposal_id", flat=True).first()
