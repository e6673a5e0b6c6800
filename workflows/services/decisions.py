"""The committee's decision: revision, approval with its grant, rejection."""

from __future__ import annotations

from typing import Unpack

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.roles import Role
from accounts.types import AnyUser
from audit.labels import Money, summary
from documents.formatting import format_xof
from processes.comments import run_commented
from processes.firing import Firing
from processes.transitions import ConditionsUnmet
from workflows import notifications, selectors
from workflows.documents import request_agreement
from workflows.models import Call, Proposal
from workflows.rules import Figures, approval_problems
from workflows.transitions import PROPOSAL_TABLE
from workflows.transitions import ProposalTransition as P

User = AnyUser


def proposal_request_revision(
    *, proposal: Proposal, comment: str, **firing: Unpack[Firing]
) -> Proposal:
    return run_commented(
        PROPOSAL_TABLE,
        proposal,
        P.REQUEST_REVISION,
        **firing,
        comment=comment,
        on_commit=[
            notifications.to_association(
                proposal,
                _("Révision demandée par le comité"),
                _("Le comité demande une révision de votre projet : %s") % comment,
            )
        ],
    )


def _commit_grant(proposal: Proposal, grant: int) -> None:
    """Take `grant` from the call's envelope, atomically: concurrent approvals cannot
    both take the last francs (a conditional UPDATE, re-checked under the row lock)."""
    taken = Call.objects.filter(pk=proposal.call_id, committed__lte=F("envelope") - grant).update(
        committed=F("committed") + grant
    )
    if not taken:
        call = Call.objects.get(pk=proposal.call_id)
        raise ConditionsUnmet(
            [
                _(
                    "La subvention (%(grant)s) dépasse le reste de l'enveloppe "
                    "de l'appel (%(left)s)."
                )
                % {"grant": format_xof(grant), "left": format_xof(call.envelope_left)}
            ],
            fields={"grant_amount": [_("Dépasse le reste de l'enveloppe.")]},
        )


def proposal_approve(
    *, proposal: Proposal, grant_amount: int | None, comment: str = "", **firing: Unpack[Firing]
) -> Proposal:
    by = firing["by"]
    grant = int(grant_amount or 0)

    def conditions(locked: Proposal) -> list[str]:
        fresh = selectors.with_budget(locked)
        problems = approval_problems(Figures.of(fresh), fresh.call, grant)
        if not fresh.association.is_verified:
            # The agreement prints the association's identity: only a verified one.
            problems.append(
                _(
                    "L'association « %(name)s » attend la vérification de son ambassade (son "
                    "identité a changé) : le projet sera approuvé une fois l'association "
                    "vérifiée."
                )
                % {"name": fresh.association}
            )
        return problems

    def after(locked: Proposal) -> None:
        _commit_grant(locked, grant)
        request_agreement(locked, by, firing["source"])

    try:
        return PROPOSAL_TABLE.run(
            proposal,
            P.APPROVE,
            **firing,
            comment=comment,
            data=summary(gettext_noop("Subvention accordée : %(grant)s"), grant=Money(grant)),
            conditions=conditions,
            kwargs={"grant_amount": grant},
            after_save=after,
            on_commit=[
                notifications.to_association(
                    proposal,
                    _("Projet approuvé"),
                    _("Le comité a approuvé votre projet avec une subvention de %s.")
                    % format_xof(grant),
                ),
                notifications.to_role(
                    Role.PROGRAMME_OFFICER,
                    proposal,
                    _("Convention à faire signer"),
                    _("Le comité a approuvé ce projet : faites signer la convention."),
                ),
            ],
        )
    except ConditionsUnmet as exc:
        exc.fields.setdefault("grant_amount", list(exc.messages))
        raise


def proposal_reject(*, proposal: Proposal, comment: str, **firing: Unpack[Firing]) -> Proposal:
    return run_commented(
        PROPOSAL_TABLE,
        proposal,
        P.REJECT,
        **firing,
        comment=comment,
        on_commit=[
            notifications.to_association(
                proposal,
                _("Projet non retenu"),
                _("Le comité n'a pas retenu votre projet. Motif : %s") % comment,
            )
        ],
    )
