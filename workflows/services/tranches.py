"""The grant's tranches: requested with a progress report, approved, paid or cancelled."""

from __future__ import annotations

import datetime
from typing import Unpack

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.types import AnyUser
from documents.formatting import format_xof
from documents.models import AttachmentKind
from documents.uploads import check_upload, store_attachment
from processes.comments import run_commented
from processes.dates import day_of, day_problem
from processes.firing import Firing
from processes.transitions import ConditionsUnmet
from workflows import notifications, routing
from workflows.flows import ProposalFlow
from workflows.models import Proposal, ProposalStatus, Tranche, TrancheStatus
from workflows.transitions import TRANCHE_TABLE
from workflows.transitions import TrancheTransition as T

User = AnyUser
S = ProposalStatus


def _required(value: str, message: str) -> list[str]:
    return [] if value and value.strip() else [message]


def _in_execution(tranche: Tranche) -> list[str]:
    proposal = Proposal.objects.select_for_update().get(pk=tranche.proposal_id)
    if proposal.status != S.IN_EXECUTION:
        return [
            _("Le projet n'est pas en exécution (il est « %s »).") % proposal.get_status_display()
        ]
    return []


def tranche_request(
    *,
    tranche: Tranche,
    report: str,
    report_file: UploadedFile | None = None,
    **firing: Unpack[Firing],
) -> Tranche:
    """Request a tranche with its progress report: the text, and the report's file if any,
    kept among the proposal's pieces and linked to this tranche."""
    file_problems: dict[str, list[str]] = {}

    def conditions(locked: Tranche) -> list[str]:
        problems = _in_execution(locked)
        problems.extend(_required(report, _("Rédigez le rapport d'avancement.")))
        earlier = Tranche.objects.filter(proposal_id=locked.proposal_id, number__lt=locked.number)
        waiting = earlier.exclude(status__in=[TrancheStatus.PAID, TrancheStatus.CANCELLED])
        problems.extend(
            _("La tranche n° %(number)s doit d'abord être payée.") % {"number": t.number}
            for t in waiting
        )
        if report_file is not None:
            try:
                check_upload(report_file)
            except ConditionsUnmet as bad:
                problems.extend(bad.messages)
                file_problems["report_file"] = bad.fields.get("file", bad.messages)
        return problems

    def after(locked: Tranche) -> None:
        if report_file is not None:
            attachment = store_attachment(
                owner=locked.proposal,
                upload=report_file,
                kind=AttachmentKind.PROGRESS_REPORT,
                by=firing["by"],
                source=firing["source"],
            )
            Tranche.objects.filter(pk=locked.pk).update(report_file=attachment)
            locked.report_file = attachment
        routing.fire(locked.proposal, ProposalFlow.execution)

    try:
        return TRANCHE_TABLE.run(
            tranche,
            T.REQUEST,
            **firing,
            conditions=conditions,
            kwargs={"report": report.strip()},
            after_save=after,
            on_commit=[
                notifications.to_role(
                    Role.PROGRAMME_OFFICER,
                    tranche.proposal,
                    _("Demande de tranche"),
                    _("La tranche n° %s est demandée avec son rapport d'avancement.")
                    % tranche.number,
                )
            ],
        )
    except ConditionsUnmet as exc:
        if not report.strip():
            exc.fields.setdefault("report", [_("Rédigez le rapport d'avancement.")])
        exc.fields.update(file_problems)
        raise


def tranche_approve(*, tranche: Tranche, comment: str = "", **firing: Unpack[Firing]) -> Tranche:
    return TRANCHE_TABLE.run(
        tranche,
        T.APPROVE,
        **firing,
        comment=comment,
        conditions=_in_execution,
        on_commit=[
            notifications.to_role(
                Role.FINANCE_OFFICER,
                tranche.proposal,
                _("Tranche à payer"),
                _("La tranche n° %(number)s (%(amount)s) est approuvée : procédez au paiement.")
                % {"number": tranche.number, "amount": format_xof(tranche.amount)},
            )
        ],
    )


def tranche_return_request(*, tranche: Tranche, comment: str, **firing: Unpack[Firing]) -> Tranche:
    return run_commented(
        TRANCHE_TABLE,
        tranche,
        T.RETURN_REQUEST,
        **firing,
        comment=comment,
        kwargs={"comment": comment.strip()},
        on_commit=[
            notifications.to_association(
                tranche.proposal,
                _("Demande de tranche renvoyée"),
                _("Votre demande de tranche n° %(number)s est renvoyée : %(comment)s")
                % {"number": tranche.number, "comment": comment},
            )
        ],
    )


def _approved_on(tranche: Tranche) -> datetime.date | None:
    """The day from which a payment is possible: the grant's and the request's approval."""
    days = [day_of(tranche.proposal.decided_at), day_of(tranche.approved_at)]
    known = [day for day in days if day is not None]
    return max(known) if known else None


def tranche_pay(
    *,
    tranche: Tranche,
    payment_reference: str,
    paid_on: datetime.date | None = None,
    comment: str = "",
    **firing: Unpack[Firing],
) -> Tranche:
    day = paid_on or timezone.localdate()
    fields: dict[str, list[str]] = {}

    def conditions(locked: Tranche) -> list[str]:
        problems = _in_execution(locked)
        if not payment_reference.strip():
            message = _("Indiquez la référence du paiement.")
            problems.append(message)
            fields["payment_reference"] = [message]
        implausible = day_problem(
            day,
            not_before=_approved_on(locked),
            not_after=timezone.localdate(),
            too_early=_("Le paiement ne peut pas précéder l'approbation de la tranche (%(day)s)."),
            too_late=_("La date de paiement ne peut pas être dans le futur."),
        )
        if implausible:
            problems.append(implausible)
            fields["paid_on"] = [implausible]
        return problems

    try:
        return TRANCHE_TABLE.run(
            tranche,
            T.PAY,
            **firing,
            comment=comment,
            conditions=conditions,
            kwargs={"payment_reference": payment_reference.strip(), "paid_on": day},
            on_commit=[
                notifications.to_association(
                    tranche.proposal,
                    _("Tranche payée"),
                    _("La tranche n° %(number)s (%(amount)s) est payée (référence %(ref)s).")
                    % {
                        "number": tranche.number,
                        "amount": format_xof(tranche.amount),
                        "ref": payment_reference,
                    },
                )
            ],
        )
    except ConditionsUnmet as exc:
        exc.fields.update(fields)
        raise


def tranche_cancel(*, tranche: Tranche, comment: str, **firing: Unpack[Firing]) -> Tranche:
    return run_commented(
        TRANCHE_TABLE,
        tranche,
        T.CANCEL,
        **firing,
        comment=comment,
        kwargs={"comment": comment.strip()},
        on_commit=[
            notifications.to_association(
                tranche.proposal,
                _("Tranche annulée"),
                _("La tranche n° %(number)s est annulée : %(comment)s")
                % {"number": tranche.number, "comment": comment},
            )
        ],
    )
