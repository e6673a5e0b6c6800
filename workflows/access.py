"""Who sees and does what in the co-realisation programme. The only place that decides it.

Visibility (404 outside it), DOMAIN.md section 2:
- association members: their own associations' proposals, drafts included;
- programme officers and auditors: every proposal once submitted;
- evaluators: the proposals they were assigned to review;
- committee members: proposals in committee and after;
- finance officers: proposals from approval on.
Acting (403 when visible but not allowed) is decided per transition below.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from audit.transitions import Decision
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


# Who may fire each proposal transition (the FSM decides *when*).
PROPOSAL_ACTORS = {
    "submit": as_member,
    "withdraw": as_member,
    "resubmit": as_member,
    "return_for_completion": as_officer,
    "declare_admissible": as_officer,
    "request_revision": as_committee,
    "approve": as_committee,
    "reject": as_committee,
    "sign_agreement": as_officer,
    "suspend": as_officer,
    "resume": as_officer,
    "terminate": as_officer,
    "complete": as_officer,
    "close": as_finance,
}

TRANCHE_ACTORS = {
    "request": as_member,
    "approve": as_officer,
    "return_request": as_officer,
    "cancel": as_officer,
    "pay": as_finance,
}


def can_fire(user: User, proposal: Proposal, transition: str) -> Decision:
    decide = PROPOSAL_ACTORS.get(transition)
    if decide is None:
        return Decision.deny(_("Action inconnue."))
    return decide(user, proposal)


def can_fire_tranche(user: User, tranche: Tranche, transition: str) -> Decision:
    decide = TRANCHE_ACTORS.get(transition)
    if decide is None:
        return Decision.deny(_("Action inconnue."))
    return decide(user, tranche.proposal)


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
