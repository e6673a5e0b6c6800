"""Reads of the co-realisation programme that depend on who asks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from accounts.work import WorkItem, action_anchor
from audit.models import HistoryEntry
from documents.models import Attachment, AttachmentKind
from registry import access as registry_access
from registry.models import Prefecture
from workflows import access
from workflows.flows import ProposalFlow
from workflows.models import (
    Criterion,
    Proposal,
    ProposalStatus,
    Review,
    Tranche,
    TrancheStatus,
)
from workflows.transitions import PROPOSAL_TABLE
from workflows.transitions import ProposalTransition as P

User = AnyUser
OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)

# Which role works the human tasks of each flow node.
NODE_ROLES: dict[str, Role] = {
    "screen": Role.PROGRAMME_OFFICER,
    "completion": Role.ASSOCIATION_MEMBER,
    "decision": Role.COMMITTEE_MEMBER,
    "sign": Role.PROGRAMME_OFFICER,
    "approve_tranche": Role.PROGRAMME_OFFICER,
    "pay_tranche": Role.FINANCE_OFFICER,
    "closing": Role.FINANCE_OFFICER,
}


def proposal_tasks(user: User) -> QuerySet[Task]:
    """Open viewflow tasks of the proposal flow that this user's roles work on."""
    nodes = [
        getattr(ProposalFlow, name) for name, role in NODE_ROLES.items() if has_role(user, role)
    ]
    if not nodes:
        return Task.objects.none()
    scope = Q(flow_task__in=nodes)
    tasks = Task.objects.filter(scope, status__in=OPEN)
    if has_role(user, Role.ASSOCIATION_MEMBER):
        member_nodes = [ProposalFlow.completion]
        mine = Q(
            process__proposalprocess__proposal__association__in=(
                registry_access.member_association_ids(user)
            )
        )
        tasks = tasks.filter(~Q(flow_task__in=member_nodes) | mine)
    return tasks.select_related("process__proposalprocess__proposal").order_by("created")


# Where each flow task is done: the proposal's edit page, or the section of its page
# holding the action's form (see accounts.work.action_anchor).
NODE_ACTIONS: dict[str, str] = {
    "screen": P.DECLARE_ADMISSIBLE,
    "decision": P.APPROVE,
    "sign": P.SIGN_AGREEMENT,
    "approve_tranche": "approve_tranche",
    "pay_tranche": "pay_tranche",
    "closing": P.CLOSE,
}


def task_url(proposal: Proposal, node: str) -> str:
    """The page, or the anchor on the proposal's page, where flow task `node` is done."""
    if node == "completion":
        return reverse("workflows:proposal_edit", args=[proposal.pk])
    action = NODE_ACTIONS.get(node)
    url = proposal.get_absolute_url()
    return f"{url}#{action_anchor(action)}" if action else url


def _open_tranches() -> Exists:
    return Exists(
        Tranche.objects.filter(proposal_id=OuterRef("pk")).exclude(
            status__in=[TrancheStatus.PAID, TrancheStatus.CANCELLED]
        )
    )


def _final_report() -> Exists:
    return Exists(
        Attachment.objects.filter(
            content_type__app_label="workflows",
            content_type__model="proposal",
            object_id=OuterRef("pk"),
            kind=AttachmentKind.FINAL_REPORT,
        )
    )


def _requestable_tranche() -> Subquery:
    """The number of the planned tranche the association may request now (every earlier
    one paid or cancelled), if any."""
    earlier_open = Tranche.objects.filter(
        proposal_id=OuterRef("proposal_id"), number__lt=OuterRef("number")
    ).exclude(status__in=[TrancheStatus.PAID, TrancheStatus.CANCELLED])
    return Subquery(
        Tranche.objects.filter(proposal_id=OuterRef("pk"), status=TrancheStatus.PLANNED)
        .exclude(Exists(earlier_open))
        .order_by("number")
        .values("number")[:1]
    )


def proposals_awaiting(user: User) -> QuerySet[Proposal]:
    """Proposals waiting on this user outside the flow's tasks, in one query.

    The association finishes and submits its drafts, requests the next tranche once every
    earlier one is paid or cancelled, and attaches the final report once they all are; a
    programme officer resumes or terminates a suspended project, and declares a project
    achieved once its final report is there.
    """
    scopes = []
    if has_role(user, Role.ASSOCIATION_MEMBER):
        mine = Q(association__in=registry_access.member_association_ids(user))
        executing = Q(status=ProposalStatus.IN_EXECUTION)
        scopes.append(
            mine
            & (
                Q(status=ProposalStatus.DRAFT)
                | (executing & Q(requestable__isnull=False))
                | (executing & Q(open_tranches=False, final=False))
            )
        )
    if has_role(user, Role.PROGRAMME_OFFICER):
        scopes.append(
            Q(status=ProposalStatus.SUSPENDED)
            | Q(status=ProposalStatus.IN_EXECUTION, open_tranches=False, final=True)
        )
    if not scopes:
        return Proposal.objects.none()
    scope = scopes[0]
    for other in scopes[1:]:
        scope |= other
    return (
        access.proposals_visible_to(user)
        .annotate(
            open_tranches=_open_tranches(),
            final=_final_report(),
            requestable=_requestable_tranche(),
        )
        .filter(scope)
        .order_by("updated_at", "id")
    )


def _awaiting_item(user: User, proposal: Any) -> WorkItem | None:
    """The task a proposal of `proposals_awaiting` gives this user."""
    member = proposal.association_id in (
        registry_access.member_association_ids(user)
        if has_role(user, Role.ASSOCIATION_MEMBER)
        else ()
    )
    officer = has_role(user, Role.PROGRAMME_OFFICER)
    url = proposal.get_absolute_url()
    if proposal.status == ProposalStatus.DRAFT and member:
        task, label = "finish_draft", _("Compléter et soumettre le brouillon")
        url = reverse("workflows:proposal_edit", args=[proposal.pk])
    elif proposal.status == ProposalStatus.SUSPENDED and officer:
        task, label = P.RESUME, _("Reprendre ou résilier le projet suspendu")
        url += "#" + action_anchor(P.RESUME)
    elif proposal.status == ProposalStatus.IN_EXECUTION and proposal.requestable and member:
        task = "request_tranche"
        label = _("Demander la tranche n° %s") % proposal.requestable
        url += "#" + action_anchor("request_tranche")
    elif proposal.status == ProposalStatus.IN_EXECUTION and not proposal.final and member:
        task, label = "attach_final_report", _("Joindre le rapport final")
        url += "#" + action_anchor("attach_final_report")
    elif proposal.status == ProposalStatus.IN_EXECUTION and proposal.final and officer:
        task, label = P.COMPLETE, str(PROPOSAL_TABLE.label(P.COMPLETE))
        url += "#" + action_anchor(P.COMPLETE)
    else:
        return None
    return WorkItem(
        process="proposal",
        object_id=proposal.pk,
        task=str(task),
        label=str(label),
        since=proposal.updated_at,
        url=url,
        reference=proposal.reference,
        title=proposal.title,
    )


def pending_reviews(user: User) -> QuerySet[Review]:
    if not has_role(user, Role.EVALUATOR):
        return Review.objects.none()
    return (
        Review.objects.filter(
            evaluator_id=user.pk,
            submitted_at__isnull=True,
            proposal__status=ProposalStatus.UNDER_REVIEW,
        )
        .select_related("proposal")
        .order_by("assigned_at")
    )


def work_items(user: User, limit: int = 200) -> list[WorkItem]:
    """The user's open work across the proposal process: three queries, whatever the rows."""
    items: list[WorkItem] = []
    for task in proposal_tasks(user)[:limit]:
        proposal = task.process.proposalprocess.proposal
        node = task.flow_task
        items.append(
            WorkItem(
                process="proposal",
                object_id=proposal.pk,
                task=node.name,
                label=str(node.task_title),
                since=task.created,
                url=task_url(proposal, node.name),
                reference=proposal.reference,
                title=proposal.title,
            )
        )
    for review in pending_reviews(user)[:limit]:
        items.append(
            WorkItem(
                process="proposal",
                object_id=review.proposal_id,
                task="review",
                label=_("Déposer l'avis technique"),
                since=review.assigned_at,
                url=reverse("workflows:review_form", args=[review.proposal_id]),
                reference=review.proposal.reference,
                title=review.proposal.title,
            )
        )
    for proposal in proposals_awaiting(user)[:limit]:
        item = _awaiting_item(user, proposal)
        if item is not None:
            items.append(item)
    items.sort(key=lambda item: item.since)
    return items


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
    """The proposal's rows and its tranches' rows, oldest first."""
    from django.contrib.contenttypes.models import ContentType

    proposal_type = ContentType.objects.get_for_model(Proposal)
    tranche_type = ContentType.objects.get_for_model(Tranche)
    tranche_ids = Tranche.objects.filter(proposal=proposal).values("pk")
    return (
        HistoryEntry.objects.filter(
            Q(content_type=proposal_type, object_id=proposal.pk)
            | Q(content_type=tranche_type, object_id__in=tranche_ids)
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


def filter_proposals(queryset: QuerySet[Proposal], filters: dict[str, Any]) -> QuerySet[Proposal]:
    """The proposal list narrowed by the page's filters (status, call, region, sector, text)."""
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("call"):
        queryset = queryset.filter(call=filters["call"])
    if filters.get("region"):
        queryset = queryset.filter(region=filters["region"])
    if filters.get("sector"):
        queryset = queryset.filter(sector=filters["sector"])
    text = (filters.get("q") or "").strip()
    if text:
        queryset = queryset.filter(
            Q(reference__icontains=text)
            | Q(title__icontains=text)
            | Q(association__name__icontains=text)
            | Q(locality__icontains=text)
        )
    return queryset


def prefectures_of(region: str) -> QuerySet[Prefecture]:
    """The prefectures of one region (by its id, as a select sends it), by name."""
    if not region.isdigit():
        return Prefecture.objects.none()
    return Prefecture.objects.filter(region_id=region).order_by("name")


def proposal_id_of_tranche(pk: int) -> int | None:
    return Tranche.objects.filter(pk=pk).values_list("proposal_id", flat=True).first()


# --- The work queues ------------------------------------------------------------------


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
