"""From the signed agreement to the financial closing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Unpack

from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.types import AnyUser
from audit.services import record_history
from documents.models import Attachment, AttachmentKind
from documents.uploads import attachments_of
from processes.comments import run_commented
from processes.firing import Firing
from processes.transitions import StaleObject, entered
from workflows import notifications, routing
from workflows.flows import ProposalFlow
from workflows.models import Call, Proposal, Tranche, TrancheStatus
from workflows.rules import tranche_amounts
from workflows.transitions import PROPOSAL_TABLE
from workflows.transitions import ProposalTransition as P
from workflows.transitions import TrancheTransition as T

User = AnyUser


def _release(proposal: Proposal, amount: int) -> None:
    if amount > 0:
        Call.objects.filter(pk=proposal.call_id).update(committed=F("committed") - amount)


def proposal_sign_agreement(
    *, proposal: Proposal, comment: str = "", **firing: Unpack[Firing]
) -> Proposal:

    def create_tranches(locked: Proposal) -> None:
        plan = list(locked.call.tranche_plan)
        grant = int(locked.grant_amount or 0)
        Tranche.objects.bulk_create(
            Tranche(proposal=locked, number=number, percentage=percentage, amount=amount)
            for number, (percentage, amount) in enumerate(
                zip(plan, tranche_amounts(grant, plan), strict=True), start=1
            )
        )

    return PROPOSAL_TABLE.run(
        proposal,
        P.SIGN_AGREEMENT,
        **firing,
        comment=comment,
        after_save=create_tranches,
        on_commit=[
            notifications.to_association(
                proposal,
                _("Convention signée"),
                _("La convention est signée : vous pouvez demander la première tranche."),
            )
        ],
    )


def proposal_suspend(*, proposal: Proposal, comment: str, **firing: Unpack[Firing]) -> Proposal:
    return run_commented(
        PROPOSAL_TABLE,
        proposal,
        P.SUSPEND,
        **firing,
        comment=comment,
        on_commit=[
            notifications.to_association(
                proposal, _("Projet suspendu"), _("Votre projet est suspendu : %s") % comment
            )
        ],
    )


def proposal_resume(*, proposal: Proposal, comment: str = "", **firing: Unpack[Firing]) -> Proposal:
    return PROPOSAL_TABLE.run(
        proposal,
        P.RESUME,
        **firing,
        comment=comment,
        on_commit=[
            notifications.to_association(
                proposal, _("Projet repris"), _("L'exécution de votre projet reprend.")
            )
        ],
    )


def _paid_total(proposal: Proposal) -> int:
    return int(
        Tranche.objects.filter(proposal=proposal, status=TrancheStatus.PAID).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )


def proposal_terminate(*, proposal: Proposal, comment: str, **firing: Unpack[Firing]) -> Proposal:
    def awaiting_payment(locked: Proposal) -> list[str]:
        return [
            _("La tranche n° %(number)s est approuvée et attend son paiement.")
            % {"number": t.number}
            for t in locked.tranches.filter(status=TrancheStatus.APPROVED)
        ]

    def wind_up(locked: Proposal) -> None:
        still_open = [TrancheStatus.PLANNED, TrancheStatus.REQUESTED]
        tranches = list(locked.tranches.filter(status__in=still_open))
        now = timezone.now()
        for tranche in tranches:
            # A requested tranche is first sent back, then cancelled: one row per step.
            steps = [(T.CANCEL, tranche.cancel)]
            if tranche.status == TrancheStatus.REQUESTED:
                steps.insert(0, (T.RETURN_REQUEST, tranche.return_request))
            for name, step in steps:
                before = tranche.status
                step(comment)
                record_history(
                    obj=tranche,
                    action=name,
                    by=firing["by"],
                    source=firing["source"],
                    source_state=before,
                    target_state=tranche.status,
                    comment=comment,
                    at=now,
                    source_since=entered(tranche, "status", before, now),
                )
        # Every one cancelled in one UPDATE, unless one moved on meanwhile.
        ids = [t.pk for t in tranches]
        if ids:
            cancelled = Tranche.objects.filter(pk__in=ids, status__in=still_open).update(
                status=TrancheStatus.CANCELLED, comment=comment, status_since=now
            )
            if cancelled != len(ids):
                raise StaleObject()
        _release(locked, locked.released)
        routing.cancel(locked)

    fresh = Proposal.objects.get(pk=proposal.pk)
    released = int(fresh.grant_amount or 0) - _paid_total(fresh)
    return run_commented(
        PROPOSAL_TABLE,
        proposal,
        P.TERMINATE,
        **firing,
        comment=comment,
        extra_conditions=awaiting_payment,
        kwargs={"released": released},
        after_save=wind_up,
        on_commit=[
            notifications.to_association(
                proposal, _("Convention résiliée"), _("La convention est résiliée : %s") % comment
            )
        ],
    )


def completion_problems(
    proposal: Proposal,
    tranches: Iterable[Tranche] | None = None,
    attachments: Iterable[Attachment] | None = None,
) -> list[str]:
    """What still stands before `complete`: a tranche neither paid nor cancelled, or no
    final report. A page that has already read the proposal's tranches and pieces gives
    them, and nothing is read again."""
    done = (TrancheStatus.PAID, TrancheStatus.CANCELLED)
    if tranches is None:
        tranches = proposal.tranches.exclude(status__in=done)
    problems = [
        _("La tranche n° %(number)s n'est ni payée ni annulée (elle est « %(status)s »).")
        % {"number": t.number, "status": t.get_status_display()}
        for t in tranches
        if t.status not in done
    ]
    if attachments is None:
        reported = attachments_of(proposal).filter(kind=AttachmentKind.FINAL_REPORT).exists()
    else:
        reported = any(a.kind == AttachmentKind.FINAL_REPORT for a in attachments)
    if not reported:
        problems.append(_("Joignez le rapport final (pièce « rapport final »)."))
    return problems


def proposal_complete(
    *, proposal: Proposal, comment: str = "", **firing: Unpack[Firing]
) -> Proposal:
    return PROPOSAL_TABLE.run(
        proposal,
        P.COMPLETE,
        **firing,
        comment=comment,
        conditions=completion_problems,
        after_save=lambda p: routing.fire(p, ProposalFlow.execution),
        on_commit=[
            notifications.to_role(
                Role.FINANCE_OFFICER,
                proposal,
                _("Projet achevé à clôturer"),
                _("Le projet est achevé : procédez à sa clôture financière."),
            )
        ],
    )


def proposal_close(*, proposal: Proposal, comment: str = "", **firing: Unpack[Firing]) -> Proposal:
    fresh = Proposal.objects.get(pk=proposal.pk)
    remainder = int(fresh.grant_amount or 0) - _paid_total(fresh)

    def after(locked: Proposal) -> None:
        _release(locked, remainder)

    return PROPOSAL_TABLE.run(
        proposal,
        P.CLOSE,
        **firing,
        comment=comment,
        kwargs={"released": remainder},
        after_save=after,
        on_commit=[
            notifications.to_association(
                proposal, _("Projet clôturé"), _("Votre projet est clôturé.")
            )
        ],
    )
