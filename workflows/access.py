"""Who sees and does what in the co-realisation programme. The only place that decides it.

Visibility (404 outside it), as docs/roles.md, « The roles », describes it:
- association members: their own associations' proposals, drafts included;
- programme officers and auditors: every proposal once submitted;
- evaluators: the proposals they were assigned to review;
- committee members: proposals in committee and after;
- finance officers: proposals from approval on.
Acting (403 when visible but not allowed) is decided below; each transition's row in
`workflows.transitions` names the decision that applies to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from audit.labels import named_user_ids
from audit.models import HistoryEntry
from documents.models import AttachmentKind
from processes.transitions import Decision
from registry import access as registry_access
from workflows.models import (
    Call,
    Proposal,
    ProposalStatus,
    Review,
    Tranche,
)

User = AnyUser
S = ProposalStatus

COMMITTEE_STATUSES = (
    S.IN_COMMITTEE,
    S.APPROVED,
    S.REJECTED,
    S.IN_EXECUTION,
    S.SUSPENDED,
    S.TERMINATED,
    S.COMPLETED,
    S.CLOSED,
)
FINANCE_STATUSES = (
    S.APPROVED,
    S.IN_EXECUTION,
    S.SUSPENDED,
    S.TERMINATED,
    S.COMPLETED,
    S.CLOSED,
)


def proposals_visible_to(user: User) -> QuerySet[Proposal]:
    proposals = Proposal.objects.all()
    if not user.is_authenticated:
        return proposals.none()
    if registry_access.is_superuser(user):
        return proposals
    scope = Q()
    if has_role(user, Role.PROGRAMME_OFFICER, Role.AUDITOR):
        scope |= Q(submitted_at__isnull=False)
    if has_role(user, Role.ASSOCIATION_MEMBER):
        scope |= Q(association_id__in=registry_access.member_association_ids(user))
    if has_role(user, Role.EVALUATOR):
        scope |= Q(pk__in=Review.objects.filter(evaluator_id=user.pk).values("proposal_id"))
    if has_role(user, Role.COMMITTEE_MEMBER):
        scope |= Q(status__in=COMMITTEE_STATUSES)
    if has_role(user, Role.FINANCE_OFFICER):
        scope |= Q(status__in=FINANCE_STATUSES)
    if not scope:
        return proposals.none()
    return proposals.filter(scope)


def associations_of_visible_proposals(user: User) -> QuerySet[Any]:
    """The ids of the associations of the proposals `user` sees (registry's access reads
    it for the roles that see associations only through proposals)."""
    return proposals_visible_to(user).values("association_id")


def can_see_proposal(user: User, proposal: Proposal) -> bool:
    return proposals_visible_to(user).filter(pk=proposal.pk).exists()


def calls_visible_to(user: User) -> QuerySet[Call]:
    """Calls are public information for every signed-in user."""
    if not user.is_authenticated:
        return Call.objects.none()
    return Call.objects.all()


def can_manage_calls(user: User) -> Decision:
    if registry_access.is_superuser(user) or has_role(user, Role.PROGRAMME_OFFICER):
        return Decision.allow()
    return Decision.deny(_("Seuls les chargés de programme gèrent les appels à projets."))


# --- Acting on a proposal -----------------------------------------------------


def is_member_for(user: User, proposal: Proposal) -> bool:
    return registry_access.is_member_of(user, proposal.association)


def can_create_proposal(user: User) -> Decision:
    if has_role(user, Role.ASSOCIATION_MEMBER):
        return Decision.allow()
    return Decision.deny(_("Seuls les membres d'une association déposent des projets."))


def can_file_for_association(user: User, association_id: int) -> Decision:
    if has_role(user, Role.ASSOCIATION_MEMBER) and association_id in (
        registry_access.member_association_ids(user)
    ):
        return Decision.allow()
    return Decision.deny(_("Vous n'êtes pas membre de cette association."))


def as_member(user: User, proposal: Proposal) -> Decision:
    if is_member_for(user, proposal):
        return Decision.allow()
    return Decision.deny(_("Seuls les membres de l'association porteuse peuvent faire cela."))


def as_officer(user: User, proposal: Proposal) -> Decision:
    if has_role(user, Role.PROGRAMME_OFFICER):
        return Decision.allow()
    return Decision.deny(_("Seul un chargé de programme peut faire cela."))


def as_committee(user: User, proposal: Proposal) -> Decision:
    if has_role(user, Role.COMMITTEE_MEMBER):
        return Decision.allow()
    return Decision.deny(_("Seul un membre du comité peut faire cela."))


def as_finance(user: User, proposal: Proposal) -> Decision:
    if has_role(user, Role.FINANCE_OFFICER):
        return Decision.allow()
    return Decision.deny(_("Seul un agent financier peut faire cela."))


def as_platform(user: User | None, proposal: Proposal) -> Decision:
    """A step the platform fires by itself (no user): never anyone's to fire."""
    if user is None:
        return Decision.allow()
    return Decision.deny(_("Action inconnue."))


# A tranche is acted on by the same people as its proposal.


def tranche_as_member(user: User, tranche: Tranche) -> Decision:
    return as_member(user, tranche.proposal)


def tranche_as_officer(user: User, tranche: Tranche) -> Decision:
    return as_officer(user, tranche.proposal)


def tranche_as_finance(user: User, tranche: Tranche) -> Decision:
    return as_finance(user, tranche.proposal)


def can_edit_proposal(user: User, proposal: Proposal) -> Decision:
    decision = as_member(user, proposal)
    if not decision:
        return decision
    if not proposal.is_editable:
        return Decision.deny(
            _("Un projet ne se modifie qu'en brouillon ou renvoyé pour complément.")
        )
    return Decision.allow()


def can_review(user: User, proposal: Proposal) -> Decision:
    if not has_role(user, Role.EVALUATOR):
        return Decision.deny(_("Seul un évaluateur technique dépose un avis."))
    if not Review.objects.filter(
        proposal=proposal, evaluator_id=user.pk, round=proposal.review_round
    ).exists():
        return Decision.deny(_("Ce projet ne vous a pas été confié pour évaluation."))
    return Decision.allow()


def can_see_history(user: User, proposal: Proposal) -> bool:
    """Anyone who sees the proposal sees its history (auditors see every history)."""
    return can_see_proposal(user, proposal)


# --- Reviews and attachments ------------------------------------------------------


@dataclass(frozen=True)
class ReviewView:
    """What one user may read of a proposal's technical reviews.

    Programme officers, committee members and auditors (and the superuser) read every
    review with its evaluator. An evaluator reads its own reviews only, so each opinion
    stays independent of the others. The association reads the filed reviews once the
    committee has decided (approved or rejected), without the evaluators' names; before
    the decision it reads none, so that it cannot lobby the evaluators or the committee.
    Finance officers have no use for them. The same rule masks the review rows of the
    history (who reviewed, who was assigned, the scores), in the pages and the API.
    """

    everything: bool = False
    own_id: int | None = None
    anonymous: bool = False


REVIEW_ACTIONS = frozenset({"review", "assign_evaluator"})


def review_view(user: User, proposal: Proposal) -> ReviewView:
    if registry_access.is_superuser(user) or has_role(
        user, Role.PROGRAMME_OFFICER, Role.COMMITTEE_MEMBER, Role.AUDITOR
    ):
        return ReviewView(everything=True)
    if has_role(user, Role.EVALUATOR):
        return ReviewView(own_id=user.pk)
    if is_member_for(user, proposal) and proposal.decided_at is not None:
        return ReviewView(anonymous=True)
    return ReviewView()


def history_masking(entry: HistoryEntry, view: ReviewView, user: User) -> tuple[bool, bool]:
    """Whether this user may read who did `entry` and its comment (see ReviewView)."""
    if entry.action not in REVIEW_ACTIONS or view.everything:
        return True, True
    if entry.action == "review":
        if entry.by_id is not None and entry.by_id == user.pk:
            return True, True
        return False, view.anonymous
    # assign_evaluator: done by an officer; the row names the evaluator (by username in
    # rows written before rows kept their facts structured).
    return True, user.is_authenticated and (
        user.pk in named_user_ids(entry) or entry.comment == user.get_username()
    )


ATTACHMENT_CLOSED = (S.REJECTED, S.WITHDRAWN, S.CLOSED)


def can_attach_kind(user: User, proposal: Proposal, kind: str | None = None) -> Decision:
    """Members of the association deposit reports and receipts, programme officers the
    signed agreement; either may add other pieces. Without `kind`: anything at all."""
    member = is_member_for(user, proposal)
    officer = has_role(user, Role.PROGRAMME_OFFICER)
    if not member and not officer:
        return Decision.deny(
            _("Seuls l'association porteuse et le chargé de programme joignent des pièces.")
        )
    if kind is None or (member and kind in MEMBER_KINDS) or (officer and kind in OFFICER_KINDS):
        return Decision.allow()
    if kind == AttachmentKind.SIGNED_AGREEMENT:
        return Decision.deny(_("La convention signée est déposée par un chargé de programme."))
    return Decision.deny(_("Les rapports et justificatifs sont déposés par l'association."))


def attachment_open(proposal: Proposal) -> Decision:
    """A proposal that is over takes no more pieces."""
    if proposal.status in ATTACHMENT_CLOSED:
        return Decision.deny(_("Ce projet est clos : on n'y joint plus de pièce."))
    return Decision.allow()


def can_attach(user: User, proposal: Proposal, kind: str | None = None) -> Decision:
    """`can_attach_kind`, and never on a proposal that is over."""
    decision = can_attach_kind(user, proposal, kind)
    if decision:
        return attachment_open(proposal)
    return decision


# Kinds of pieces a proposal holds, and who deposits them.
ATTACHMENT_KINDS = (
    AttachmentKind.PROGRESS_REPORT,
    AttachmentKind.FINAL_REPORT,
    AttachmentKind.RECEIPT,
    AttachmentKind.SIGNED_AGREEMENT,
    AttachmentKind.OTHER,
)


MEMBER_KINDS = frozenset(
    {
        AttachmentKind.PROGRESS_REPORT,
        AttachmentKind.FINAL_REPORT,
        AttachmentKind.RECEIPT,
        AttachmentKind.OTHER,
    }
)
OFFICER_KINDS = frozenset({AttachmentKind.SIGNED_AGREEMENT, AttachmentKind.OTHER})
