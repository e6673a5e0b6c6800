"""What every page checks first: the user's role, the decision, the proposal's visibility."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from accounts.roles import Role, has_role
from audit.security import record_if_hidden
from registry import access as registry_access
from workflows import access, selectors
from workflows.models import Proposal


def deny_unless_role(request: HttpRequest, message: str, *roles: Role) -> None:
    user = request.user
    if not (registry_access.is_superuser(user) or has_role(user, *roles)):
        raise PermissionDenied(message)


def visible_proposal(request: HttpRequest, pk: int) -> Proposal:
    proposal = selectors.proposal_for_page(request.user, pk)
    if proposal is None:
        record_if_hidden(Proposal, pk=pk)
        raise Http404
    return proposal


def proposal_to_act_on(request: HttpRequest, pk: int) -> Proposal:
    """`visible_proposal` for a page that changes it: the proposal with its call and
    association only (its page, shown again on a refusal, reads the rest)."""
    proposal = (
        access.proposals_visible_to(request.user)
        .select_related("call", "association")
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        record_if_hidden(Proposal, pk=pk)
        raise Http404
    return proposal
