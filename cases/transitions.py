"""The transitions of a returnee case and of its referrals, declared once.

Two state machines: `Case.status` (the case's lifecycle, docs/cases.md) and
`Referral.status` (a provider's answer to a referral). Each row says what users
call the transition, who may fire it (`cases.access`), the inputs it reads, whether
a comment is required, the button's tone and the service function that fires it
(`cases.services`). Where a transition goes from and to is declared on the models.
"""

from __future__ import annotations

import enum

from django.utils.translation import gettext_lazy as _

from cases import access, routing
from cases.flows import CaseFlow
from cases.models import Case, ClosureReason, Referral
from processes.table import (
    COMMENT_MAX_LENGTH,
    Input,
    InputKind,
    Tone,
    Transition,
    TransitionTable,
    comment_input,
)

LIFECYCLE = "cases.services.lifecycle"
REFERRALS = "cases.services.referrals"


class CaseTransition(enum.StrEnum):
    START_ASSESSMENT = "start_assessment"
    SUBMIT_PLAN = "submit_plan"
    RETURN_PLAN = "return_plan"
    APPROVE_PLAN = "approve_plan"
    START_FOLLOW_UP = "start_follow_up"
    REQUEST_CLOSURE = "request_closure"
    APPROVE_CLOSURE = "approve_closure"
    REFUSE_CLOSURE = "refuse_closure"
    REOPEN = "reopen"


class ReferralTransition(enum.StrEnum):
    ACCEPT = "accept"
    COMPLETE = "complete"
    DECLINE = "decline"


T = CaseTransition
COMMENT = comment_input()

CASE_TRANSITIONS: TransitionTable[Case] = TransitionTable(
    model=Case,
    object_arg="case",
    router=routing.router,
    rows=[
        Transition(
            name=T.START_ASSESSMENT,
            label=_("Commencer l'évaluation"),
            actor=access.can_work,
            service=f"{LIFECYCLE}.case_start_assessment",
            inputs=(COMMENT,),
        ),
        Transition(
            name=T.SUBMIT_PLAN,
            label=_("Soumettre le plan"),
            actor=access.can_work,
            service=f"{LIFECYCLE}.case_submit_plan",
            completes=CaseFlow.assess,
            inputs=(COMMENT,),
        ),
        Transition(
            name=T.RETURN_PLAN,
            label=_("Renvoyer le plan"),
            actor=access.can_supervise,
            service=f"{LIFECYCLE}.case_return_plan",
            completes=CaseFlow.plan_review,
            inputs=(comment_input(_("Ce qu'il faut revoir dans le plan")),),
            comment_required=True,
            defaults={"comment": ""},
            missing_comment=_("Indiquez ce qu'il faut revoir dans le plan."),
            tone=Tone.DANGER,
        ),
        Transition(
            name=T.APPROVE_PLAN,
            label=_("Approuver le plan"),
            actor=access.can_supervise,
            service=f"{LIFECYCLE}.case_approve_plan",
            completes=CaseFlow.plan_review,
            inputs=(COMMENT,),
        ),
        Transition(
            name=T.START_FOLLOW_UP,
            label=_("Passer en suivi"),
            actor=access.can_work,
            service=f"{LIFECYCLE}.case_start_follow_up",
            inputs=(COMMENT,),
        ),
        Transition(
            name=T.REQUEST_CLOSURE,
            label=_("Demander la clôture"),
            actor=access.can_work,
            service=f"{LIFECYCLE}.case_request_closure",
            completes=CaseFlow.support,
            inputs=(
                Input(
                    "reason",
                    InputKind.CHOICE,
                    _("Motif de clôture"),
                    marked=True,
                    choices=ClosureReason.choices,
                ),
                COMMENT,
            ),
        ),
        Transition(
            name=T.APPROVE_CLOSURE,
            label=_("Approuver la clôture"),
            actor=access.can_supervise,
            service=f"{LIFECYCLE}.case_approve_closure",
            completes=CaseFlow.closure_review,
            inputs=(COMMENT,),
        ),
        Transition(
            name=T.REFUSE_CLOSURE,
            label=_("Refuser la clôture"),
            actor=access.can_supervise,
            service=f"{LIFECYCLE}.case_refuse_closure",
            completes=CaseFlow.closure_review,
            inputs=(comment_input(_("Pourquoi la clôture est refusée")),),
            comment_required=True,
            defaults={"comment": ""},
            missing_comment=_("Indiquez pourquoi la clôture est refusée."),
            tone=Tone.DANGER,
        ),
        Transition(
            name=T.REOPEN,
            label=_("Rouvrir le dossier"),
            actor=access.can_supervise,
            service=f"{LIFECYCLE}.case_reopen",
            inputs=(comment_input(_("Pourquoi le dossier est rouvert")),),
            comment_required=True,
            defaults={"comment": ""},
            missing_comment=_("Indiquez pourquoi le dossier est rouvert."),
        ),
    ],
)

# A referral is answered by the provider; the case's caseworker writes the answer down.
REFERRAL_TRANSITIONS: TransitionTable[Referral] = TransitionTable(
    model=Referral,
    object_arg="referral",
    rows=[
        Transition(
            name=ReferralTransition.ACCEPT,
            label=_("Noter l'acceptation de l'orientation"),
            actor=access.can_work_referral,
            service=f"{REFERRALS}.referral_accept",
        ),
        Transition(
            name=ReferralTransition.COMPLETE,
            label=_("Noter l'orientation comme réalisée"),
            actor=access.can_work_referral,
            service=f"{REFERRALS}.referral_complete",
            inputs=(
                Input(
                    "outcome",
                    InputKind.LONG_TEXT,
                    _("Ce qui a été réalisé"),
                    marked=True,
                    max_length=COMMENT_MAX_LENGTH,
                    help_text="what was delivered.",
                ),
                Input(
                    "delivered_on",
                    InputKind.DATE,
                    _("Réalisée le"),
                    help_text="when (today by default).",
                ),
            ),
        ),
        Transition(
            name=ReferralTransition.DECLINE,
            label=_("Noter le refus de l'orientation"),
            actor=access.can_work_referral,
            service=f"{REFERRALS}.referral_decline",
            inputs=(
                Input(
                    "note",
                    InputKind.LONG_TEXT,
                    _("Motif (facultatif)"),
                    max_length=COMMENT_MAX_LENGTH,
                    help_text="the provider's reason.",
                ),
            ),
            tone=Tone.DANGER,
        ),
    ],
)
