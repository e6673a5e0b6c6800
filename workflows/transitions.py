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

from django.utils.translation import gettext_lazy as _

from accounts.types import AnyUser
from processes.table import Input, InputKind, Tone, Transition, TransitionTable, comment_input
from workflows import access
from workflows.models import Proposal, ProposalStatus, Tranche, TrancheStatus

SERVICES = "workflows.services"


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

PROPOSAL_TABLE: TransitionTable[Proposal] = TransitionTable(
    model=Proposal,
    object_arg="proposal",
    rows=[
        Transition(
            name=P.SUBMIT,
            label=_("Soumettre"),
            actor=access.as_member,
            service=f"{SERVICES}.proposal_submit",
        ),
        Transition(
            name=P.WITHDRAW,
            label=_("Retirer le projet"),
            actor=access.as_member,
            service=f"{SERVICES}.proposal_withdraw",
            inputs=(comment_input(_("Motif du retrait (facultatif)")),),
            tone=Tone.DANGER,
        ),
        Transition(
            name=P.RETURN_FOR_COMPLETION,
            label=_("Renvoyer pour complément"),
            actor=access.as_officer,
            service=f"{SERVICES}.proposal_return_for_completion",
            inputs=(comment_input(_("Ce qu'il faut compléter")),),
            comment_required=True,
            missing_comment=_("Indiquez ce qu'il faut compléter."),
            tone=Tone.SECONDARY,
            defaults={"comment": ""},
        ),
        Transition(
            name=P.RESUBMIT,
            label=_("Soumettre à nouveau"),
            actor=access.as_member,
            service=f"{SERVICES}.proposal_resubmit",
        ),
        Transition(
            name=P.DECLARE_ADMISSIBLE,
            label=_("Déclarer recevable et désigner les évaluateurs"),
            actor=access.as_officer,
            service=f"{SERVICES}.proposal_declare_admissible",
            inputs=(
                # The choices are the active evaluators, filled when the form is built.
                Input(
                    "evaluators",
                    InputKind.USERNAMES,
                    _("Évaluateurs techniques"),
                    marked=True,
                    help_text=(
                        "usernames of the evaluators, at least the call's `required_reviews`."
                    ),
                ),
                comment_input(),
            ),
            defaults={"evaluators": []},
        ),
        Transition(
            # Fired by the platform when the last required review is filed.
            name=P.SEND_TO_COMMITTEE,
            label=_("Inscrire en comité"),
            actor=access.as_platform,
            service=f"{SERVICES}.send_to_committee",
            offered=False,
        ),
        Transition(
            name=P.REQUEST_REVISION,
            label=_("Demander une révision"),
            actor=access.as_committee,
            service=f"{SERVICES}.proposal_request_revision",
            inputs=(comment_input(_("Ce qu'il faut réviser")),),
            comment_required=True,
            missing_comment=_("Indiquez ce qu'il faut réviser."),
            tone=Tone.SECONDARY,
            defaults={"comment": ""},
        ),
        Transition(
            name=P.APPROVE,
            label=_("Approuver et fixer la subvention"),
            actor=access.as_committee,
            service=f"{SERVICES}.proposal_approve",
            inputs=(
                Input(
                    "grant_amount",
                    InputKind.AMOUNT,
                    _("Subvention accordée (FCFA)"),
                    marked=True,
                    help_text="the grant fixed by the committee (FCFA).",
                ),
                comment_input(),
            ),
            defaults={"grant_amount": None},
        ),
        Transition(
            name=P.REJECT,
            label=_("Rejeter"),
            actor=access.as_committee,
            service=f"{SERVICES}.proposal_reject",
            inputs=(comment_input(_("Motif du rejet")),),
            comment_required=True,
            missing_comment=_("Indiquez le motif du rejet."),
            tone=Tone.DANGER,
            defaults={"comment": ""},
        ),
        Transition(
            name=P.SIGN_AGREEMENT,
            label=_("Enregistrer la signature de la convention"),
            actor=access.as_officer,
            service=f"{SERVICES}.proposal_sign_agreement",
            inputs=(comment_input(),),
        ),
        Transition(
            name=P.SUSPEND,
            label=_("Suspendre"),
            actor=access.as_officer,
            service=f"{SERVICES}.proposal_suspend",
            inputs=(comment_input(_("Motif de la suspension")),),
            comment_required=True,
            missing_comment=_("Indiquez le motif de la suspension."),
            tone=Tone.DANGER,
            defaults={"comment": ""},
        ),
        Transition(
            name=P.RESUME,
            label=_("Reprendre"),
            actor=access.as_officer,
            service=f"{SERVICES}.proposal_resume",
            inputs=(comment_input(),),
        ),
        Transition(
            name=P.TERMINATE,
            label=_("Résilier"),
            actor=access.as_officer,
            service=f"{SERVICES}.proposal_terminate",
            inputs=(comment_input(_("Motif de la résiliation")),),
            comment_required=True,
            missing_comment=_("Indiquez le motif de la résiliation."),
            tone=Tone.DANGER,
            defaults={"comment": ""},
        ),
        Transition(
            name=P.COMPLETE,
            label=_("Déclarer achevé"),
            actor=access.as_officer,
            service=f"{SERVICES}.proposal_complete",
            inputs=(comment_input(),),
        ),
        Transition(
            name=P.CLOSE,
            label=_("Clôturer financièrement"),
            actor=access.as_finance,
            service=f"{SERVICES}.proposal_close",
            inputs=(comment_input(),),
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
    extra_check=_tranche_moves_now,
    rows=[
        Transition(
            name=T.REQUEST,
            label=_("Demander la tranche"),
            actor=access.tranche_as_member,
            service=f"{SERVICES}.tranche_request",
            inputs=(
                Input(
                    "report",
                    InputKind.LONG_TEXT,
                    _("Rapport d'avancement"),
                    marked=True,
                    max_length=20000,
                    help_text="progress report.",
                ),
                # The report's file, sent with the request from the page; the API
                # attaches files to the proposal instead.
                Input(
                    "report_file",
                    InputKind.FILE,
                    _("Fichier du rapport (PDF, JPEG ou PNG, facultatif)"),
                    api=False,
                ),
            ),
            defaults={"report": ""},
        ),
        Transition(
            name=T.APPROVE,
            label=_("Approuver la demande"),
            actor=access.tranche_as_officer,
            service=f"{SERVICES}.tranche_approve",
            inputs=(comment_input(),),
        ),
        Transition(
            name=T.RETURN_REQUEST,
            label=_("Renvoyer la demande"),
            actor=access.tranche_as_officer,
            service=f"{SERVICES}.tranche_return_request",
            inputs=(comment_input(_("Pourquoi la demande est renvoyée")),),
            comment_required=True,
            missing_comment=_("Indiquez pourquoi la demande est renvoyée."),
            tone=Tone.DANGER,
            defaults={"comment": ""},
        ),
        Transition(
            name=T.PAY,
            label=_("Enregistrer le paiement"),
            actor=access.tranche_as_finance,
            service=f"{SERVICES}.tranche_pay",
            inputs=(
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
                comment_input(),
            ),
            defaults={"payment_reference": ""},
        ),
        Transition(
            name=T.CANCEL,
            label=_("Annuler la tranche"),
            actor=access.tranche_as_officer,
            service=f"{SERVICES}.tranche_cancel",
            inputs=(comment_input(_("Motif de l'annulation")),),
            comment_required=True,
            missing_comment=_("Indiquez le motif de l'annulation."),
            tone=Tone.DANGER,
            defaults={"comment": ""},
        ),
    ],
)
