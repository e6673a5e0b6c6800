"""The co-realisation programme's two state machines, declared once.

`PROPOSAL_TABLE` lists the transitions of `Proposal.status`, `TRANCHE_TABLE` those of
`Tranche.status`, in the lifecycle's order (docs/workflows.md, « Proposal
transitions » and « Tranche transitions »). Each row says who may fire it
(`workflows.access`), what it reads, whether it needs a comment, how its button
looks and which service function fires it; the pages, the API, the admin, the
history and the inbox read these tables.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from accounts.types import AnyUser
from processes.table import (
    Input,
    InputKind,
    Tone,
    Transition,
    TransitionTable,
    comment_input,
    text_limit,
)
from processes.transitions import Decision
from workflows import access, routing
from workflows.flows import ProposalFlow
from workflows.models import Proposal, ProposalStatus, Tranche, TrancheStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SERVICES = "workflows.services"
Actor = Callable[[Any, Any], Decision]


class ProposalTransition(enum.StrEnum):
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    RETURN_FOR_COMPLETION = "return_for_completion"
    RESUBMIT = "resubmit"
    DECLARE_ADMISSIBLE = "declare_admissible"
    SEND_TO_COMMITTEE = "send_to_committee"
    REQUEST_REVISION = "request_revision"
    APPROVE = "approve"
    REJECT = "reject"
    SIGN_AGREEMENT = "sign_agreement"
    SUSPEND = "suspend"
    RESUME = "resume"
    TERMINATE = "terminate"
    COMPLETE = "complete"
    CLOSE = "close"


class TrancheTransition(enum.StrEnum):
    REQUEST = "request"
    APPROVE = "approve"
    RETURN_REQUEST = "return_request"
    PAY = "pay"
    CANCEL = "cancel"


P = ProposalTransition
T = TrancheTransition

# The comment a transition cannot go without: the field's label, and what the refusal
# says when it is missing.
REASONS: dict[str, tuple[StrOrPromise, StrOrPromise]] = {
    P.RETURN_FOR_COMPLETION: (_("Ce qu'il faut compléter"), _("Indiquez ce qu'il faut compléter.")),
    P.REQUEST_REVISION: (_("Ce qu'il faut réviser"), _("Indiquez ce qu'il faut réviser.")),
    P.REJECT: (_("Motif du rejet"), _("Indiquez le motif du rejet.")),
    P.SUSPEND: (_("Motif de la suspension"), _("Indiquez le motif de la suspension.")),
    P.TERMINATE: (_("Motif de la résiliation"), _("Indiquez le motif de la résiliation.")),
    T.RETURN_REQUEST: (
        _("Pourquoi la demande est renvoyée"),
        _("Indiquez pourquoi la demande est renvoyée."),
    ),
    T.CANCEL: (_("Motif de l'annulation"), _("Indiquez le motif de l'annulation.")),
}
COMMENT = comment_input()


def _row(
    service: str, name: enum.StrEnum, label: StrOrPromise, actor: Actor, *inputs: Input, **more: Any
) -> Transition:
    """One row; `service` names a function of `workflows.services`."""
    return Transition(
        name=name, label=label, actor=actor, service=f"{SERVICES}.{service}", inputs=inputs, **more
    )


def _reasoned(
    service: str, name: enum.StrEnum, label: StrOrPromise, actor: Actor, tone: Tone, **more: Any
) -> Transition:
    """A row whose transition needs a comment (its `REASONS`)."""
    field_label, missing = REASONS[name]
    return _row(
        service,
        name,
        label,
        actor,
        comment_input(field_label),
        comment_required=True,
        missing_comment=missing,
        tone=tone,
        defaults={"comment": ""},
        **more,
    )


SENDS_BACK, STOPS = Tone.SECONDARY, Tone.DANGER

PROPOSAL_TABLE: TransitionTable[Proposal] = TransitionTable(
    model=Proposal,
    object_arg="proposal",
    router=routing.router,
    rows=[
        _row("drafting.proposal_submit", P.SUBMIT, _("Soumettre"), access.as_member),
        _row(
            "drafting.proposal_withdraw",
            P.WITHDRAW,
            _("Retirer le projet"),
            access.as_member,
            comment_input(_("Motif du retrait (facultatif)")),
            tone=STOPS,
        ),
        _reasoned(
            "screening.proposal_return_for_completion",
            P.RETURN_FOR_COMPLETION,
            _("Renvoyer pour complément"),
            access.as_officer,
            SENDS_BACK,
            completes=ProposalFlow.screen,
        ),
        _row(
            "drafting.proposal_resubmit",
            P.RESUBMIT,
            _("Soumettre à nouveau"),
            access.as_member,
            completes=ProposalFlow.completion,
        ),
        _row(
            "screening.proposal_declare_admissible",
            P.DECLARE_ADMISSIBLE,
            _("Déclarer recevable et désigner les évaluateurs"),
            access.as_officer,
            # The choices are the active evaluators, filled when the form is built.
            Input(
                "evaluators",
                InputKind.USERNAMES,
                _("Évaluateurs techniques"),
                marked=True,
                help_text="usernames of the evaluators, at least the call's `required_reviews`.",
            ),
            COMMENT,
            defaults={"evaluators": []},
            completes=ProposalFlow.screen,
        ),
        # Fired by the platform when the last required review is filed.
        _row(
            "reviews.send_to_committee",
            P.SEND_TO_COMMITTEE,
            _("Inscrire en comité"),
            access.as_platform,
            offered=False,
        ),
        _reasoned(
            "decisions.proposal_request_revision",
            P.REQUEST_REVISION,
            _("Demander une révision"),
            access.as_committee,
            SENDS_BACK,
            completes=ProposalFlow.decision,
        ),
        _row(
            "decisions.proposal_approve",
            P.APPROVE,
            _("Approuver et fixer la subvention"),
            access.as_committee,
            Input(
                "grant_amount",
                InputKind.AMOUNT,
                _("Subvention accordée (FCFA)"),
                marked=True,
                help_text="the grant fixed by the committee (FCFA).",
            ),
            COMMENT,
            defaults={"grant_amount": None},
            completes=ProposalFlow.decision,
        ),
        _reasoned(
            "decisions.proposal_reject",
            P.REJECT,
            _("Rejeter"),
            access.as_committee,
            STOPS,
            completes=ProposalFlow.decision,
        ),
        _row(
            "execution.proposal_sign_agreement",
            P.SIGN_AGREEMENT,
            _("Enregistrer la signature de la convention"),
            access.as_officer,
            COMMENT,
            completes=ProposalFlow.sign,
        ),
        _reasoned(
            "execution.proposal_suspend", P.SUSPEND, _("Suspendre"), access.as_officer, STOPS
        ),
        _row("execution.proposal_resume", P.RESUME, _("Reprendre"), access.as_officer, COMMENT),
        _reasoned(
            "execution.proposal_terminate", P.TERMINATE, _("Résilier"), access.as_officer, STOPS
        ),
        _row(
            "execution.proposal_complete",
            P.COMPLETE,
            _("Déclarer achevé"),
            access.as_officer,
            COMMENT,
        ),
        _row(
            "execution.proposal_close",
            P.CLOSE,
            _("Clôturer financièrement"),
            access.as_finance,
            COMMENT,
            completes=ProposalFlow.closing,
        ),
    ],
)


def _tranche_moves_now(user: AnyUser, tranche: Tranche, row: Transition) -> bool:
    """Tranches move only while the project is in execution (a planned one may still be
    cancelled while it is suspended), and a tranche is requested once every earlier one
    is paid or cancelled."""
    status = tranche.proposal.status
    if status != ProposalStatus.IN_EXECUTION and not (
        row.name == T.CANCEL and status == ProposalStatus.SUSPENDED
    ):
        return False
    if row.name == T.REQUEST:
        return not (
            Tranche.objects.filter(proposal_id=tranche.proposal_id, number__lt=tranche.number)
            .exclude(status__in=[TrancheStatus.PAID, TrancheStatus.CANCELLED])
            .exists()
        )
    return True


TRANCHE_TABLE: TransitionTable[Tranche] = TransitionTable(
    model=Tranche,
    object_arg="tranche",
    router=routing.router,
    routed=lambda tranche: tranche.proposal,
    extra_check=_tranche_moves_now,
    rows=[
        _row(
            "tranches.tranche_request",
            T.REQUEST,
            _("Demander la tranche"),
            access.tranche_as_member,
            Input(
                "report",
                InputKind.LONG_TEXT,
                _("Rapport d'avancement"),
                marked=True,
                max_length=text_limit(Tranche, "report"),
                help_text="progress report.",
            ),
            # The report's file, sent with the request from the page; the API attaches
            # files to the proposal instead.
            Input(
                "report_file",
                InputKind.FILE,
                _("Fichier du rapport (PDF, JPEG ou PNG, facultatif)"),
                api=False,
            ),
            defaults={"report": ""},
        ),
        _row(
            "tranches.tranche_approve",
            T.APPROVE,
            _("Approuver la demande"),
            access.tranche_as_officer,
            COMMENT,
            completes=ProposalFlow.approve_tranche,
        ),
        _reasoned(
            "tranches.tranche_return_request",
            T.RETURN_REQUEST,
            _("Renvoyer la demande"),
            access.tranche_as_officer,
            STOPS,
            completes=ProposalFlow.approve_tranche,
        ),
        _row(
            "tranches.tranche_pay",
            T.PAY,
            _("Enregistrer le paiement"),
            access.tranche_as_finance,
            Input(
                "payment_reference",
                InputKind.TEXT,
                _("Référence du paiement"),
                marked=True,
                max_length=80,
                help_text="the bank transfer's reference.",
            ),
            Input(
                "paid_on",
                InputKind.DATE,
                _("Date du paiement"),
                help_text="the day of payment (today by default).",
            ),
            COMMENT,
            defaults={"payment_reference": ""},
            completes=ProposalFlow.pay_tranche,
        ),
        _reasoned(
            "tranches.tranche_cancel",
            T.CANCEL,
            _("Annuler la tranche"),
            access.tranche_as_officer,
            STOPS,
        ),
    ],
)
