"""The user's open work in the co-realisation programme ("Mes tâches"): the flow's tasks,
the reviews to file, and what waits on the user outside the flow."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from accounts.work import FIRST_ITEMS, Window, WorkItem, action_anchor
from documents.models import Attachment, AttachmentKind
from processes.pages import url_for_each
from processes.routing import OPEN
from registry import access as registry_access
from workflows import access
from workflows.flows import ProposalFlow
from workflows.models import Proposal, ProposalStatus, Review, Tranche, TrancheStatus
from workflows.transitions import PROPOSAL_TABLE
from workflows.transitions import ProposalTransition as P

User = AnyUser


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
    return tasks.select_related("process__proposalprocess__proposal").order_by("created", "id")


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


def task_url(node: str, detail: str, edit: str) -> str:
    """The page (`edit`), or the anchor on the proposal's page (`detail`), where flow task
    `node` is done."""
    if node == "completion":
        return edit
    action = NODE_ACTIONS.get(node)
    return f"{detail}#{action_anchor(action)}" if action else detail


def _open_tranches() -> Exists:
    return Exists(
        Tranche.objects.filter(proposal_id=OuterRef("pk")).exclude(
            status__in=[TrancheStatus.PAID, TrancheStatus.CANCELLED]
        )
    )


def _final_reports() -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        content_type__app_label="workflows",
        content_type__model="proposal",
        kind=AttachmentKind.FINAL_REPORT,
    )


def _final_report() -> Exists:
    return Exists(_final_reports().filter(object_id=OuterRef("pk")))


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
        # Read from the few rows that may match (the suspended proposals, the final
        # reports), not from every project in execution.
        candidates = (
            Proposal.objects.filter(status=ProposalStatus.SUSPENDED)
            .order_by()
            .values("pk")
            .union(_final_reports().order_by().values("object_id"), all=True)
        )
        scopes.append(
            Q(pk__in=candidates)
            & (
                Q(status=ProposalStatus.SUSPENDED)
                | Q(status=ProposalStatus.IN_EXECUTION, open_tranches=False, final=True)
            )
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


class _Urls:
    """The proposal pages a work item links to, each route reversed once for all rows."""

    def __init__(self) -> None:
        self.detail = url_for_each("workflows:proposal_detail")
        self.edit = url_for_each("workflows:proposal_edit")
        self.review = url_for_each("workflows:review_form")


def _item(
    proposal: Proposal, task: str, label: Any, since: Any, url: str, source: str, source_id: int
) -> WorkItem:
    """A proposal's piece of work, in the inbox's shape."""
    return WorkItem(
        process="proposal",
        object_id=proposal.pk,
        task=str(task),
        label=str(label),
        since=since,
        url=url,
        reference=proposal.reference,
        title=proposal.title,
        source=source,
        source_id=source_id,
    )


def _awaiting_item(user: User, proposal: Any, urls: _Urls) -> WorkItem | None:
    """The task a proposal of `proposals_awaiting` gives this user."""
    member = proposal.association_id in (
        registry_access.member_association_ids(user)
        if has_role(user, Role.ASSOCIATION_MEMBER)
        else ()
    )
    officer = has_role(user, Role.PROGRAMME_OFFICER)
    url = urls.detail(proposal.pk)
    if proposal.status == ProposalStatus.DRAFT and member:
        task, label = "finish_draft", _("Compléter et soumettre le brouillon")
        url = urls.edit(proposal.pk)
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
    return _item(proposal, task, label, proposal.updated_at, url, "proposal", proposal.pk)


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
        .order_by("assigned_at", "id")
    )


def work_items(user: User, window: Window = FIRST_ITEMS) -> list[WorkItem]:
    """The user's open work across the proposal process, in `window` of the inbox's order:
    three queries, whatever the rows."""
    urls = _Urls()
    items: list[WorkItem] = []
    for task in window.rows(proposal_tasks(user), "created", "task"):
        proposal = task.process.proposalprocess.proposal
        node = task.flow_task
        url = task_url(node.name, urls.detail(proposal.pk), urls.edit(proposal.pk))
        title = node.task_title
        items.append(_item(proposal, node.name, title, task.created, url, "task", task.pk))
    label = _("Déposer l'avis technique")
    for review in window.rows(pending_reviews(user), "assigned_at", "review"):
        url = urls.review(review.proposal_id)
        items.append(
            _item(review.proposal, "review", label, review.assigned_at, url, "review", review.pk)
        )
    for proposal in window.rows(proposals_awaiting(user), "updated_at", "proposal"):
        item = _awaiting_item(user, proposal, urls)
        if item is not None:
            items.append(item)
    return window.cut(items)
