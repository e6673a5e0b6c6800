"""What the work queues list: proposals to screen, to decide, in execution, to close;
tranches to pay; an evaluator's filed reviews."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Prefetch, QuerySet

from accounts.types import AnyUser
from workflows import access
from workflows.models import Criterion, Proposal, ProposalStatus, Review, Tranche, TrancheStatus
from workflows.selectors.proposals import proposals_for_list

User = AnyUser


def filed_reviews(user: User) -> QuerySet[Review]:
    """The evaluator's filed reviews, newest first."""
    return (
        Review.objects.filter(
            evaluator_id=user.pk,
            submitted_at__isnull=False,
            proposal__in=access.proposals_visible_to(user),
        )
        .select_related("proposal", "proposal__association")
        .order_by("-submitted_at")
    )


def proposals_to_screen(user: User) -> QuerySet[Proposal]:
    return (
        proposals_for_list(user)
        .filter(status=ProposalStatus.SUBMITTED)
        .order_by("submitted_at", "id")
    )


def filed_reviews_by_proposal(proposals: Sequence[Proposal]) -> dict[int, list[Review]]:
    """The filed reviews of these proposals (every round), oldest first, in one query."""
    found: dict[int, list[Review]] = defaultdict(list)
    for review in (
        Review.objects.filter(proposal__in=[p.pk for p in proposals], submitted_at__isnull=False)
        .select_related("evaluator")
        .order_by("submitted_at", "id")
    ):
        found[review.proposal_id].append(review)
    return found


def criteria_by_call(proposals: Sequence[Proposal]) -> dict[int, list[Criterion]]:
    """The review grids of these proposals' calls, in one query."""
    found: dict[int, list[Criterion]] = defaultdict(list)
    for criterion in Criterion.objects.filter(call__in={p.call_id for p in proposals}):
        found[criterion.call_id].append(criterion)
    return found


def proposals_in_execution(user: User) -> QuerySet[Proposal]:
    """Approved, executing and suspended projects, with their tranches in order."""
    return (
        proposals_for_list(user)
        .filter(
            status__in=[
                ProposalStatus.IN_EXECUTION,
                ProposalStatus.SUSPENDED,
                ProposalStatus.APPROVED,
            ]
        )
        .prefetch_related(Prefetch("tranches", queryset=Tranche.objects.order_by("number")))
        .order_by("status", "id")
    )


def tranches_to_pay(user: User) -> QuerySet[Tranche]:
    """Approved tranches, the longest waiting first."""
    return (
        Tranche.objects.filter(
            status=TrancheStatus.APPROVED, proposal__in=access.proposals_visible_to(user)
        )
        .select_related("proposal", "proposal__association")
        .order_by("approved_at", "id")
    )


def proposals_to_close(user: User) -> QuerySet[Proposal]:
    return (
        proposals_for_list(user)
        .filter(status=ProposalStatus.COMPLETED)
        .prefetch_related("tranches")
        .order_by("updated_at", "id")
    )
