"""The transitions of the volunteering missions, declared once (docs/missions.md).

Three state machines: `MissionNeed.status` (a host's need, from draft to closed),
`Mission.status` (one expert on one need, from the candidacy to the attestation) and
`ProfessionalLicence.status` (an officer's check of a medical licence). Each row says
what users call the transition, who may fire it (`missions.access`), the inputs it
reads, whether a comment is required, the button's tone and the service function that
fires it (`missions.services`). Where a transition goes from and to is declared on the
models. The work waiting on each state is listed by `missions.selectors.work_items`.
"""

from __future__ import annotations

import enum

from django.utils.translation import gettext_lazy as _

from accounts.types import AnyUser
from missions import access, rules
from missions.models import Mission, MissionNeed, ProfessionalLicence
from processes.table import (
    Input,
    InputKind,
    Tone,
    Transition,
    TransitionTable,
    comment_input,
)

NEEDS = "missions.services.needs"
CANDIDACY = "missions.services.candidacy"
DECISIONS = "missions.services.decisions"
CONDUCT = "missions.services.conduct"
LICENCES = "missions.services.licences"


class NeedTransition(enum.StrEnum):
    SUBMIT = "submit"
    SEND_BACK = "send_back"
    PUBLISH = "publish"
    STAFF = "staff"
    REOPEN = "reopen"
    CLOSE = "close"
    CANCEL = "cancel"


class MissionTransition(enum.StrEnum):
    ACCEPT = "accept"
    SHORTLIST = "shortlist"
    SELECT = "select"
    APPROVE = "approve"
    START = "start"
    REPORT = "report"
    CERTIFY = "certify"
    DECLINE = "decline"
    WITHDRAW = "withdraw"
    CANCEL = "cancel"


class LicenceTransition(enum.StrEnum):
    CHECK = "check_licence"
    REFUSE = "refuse_licence"


COMMENT = comment_input()
RATINGS = [(str(n), str(n)) for n in range(1, 6)]


def _need_offers(user: AnyUser, need: MissionNeed, row: Transition) -> bool:
    """The service's own rules, so the page offers only what it would take: a host does
    not cancel a need that holds an approved mission (the officer does)."""
    if row.name == NeedTransition.CANCEL:
        return not rules.host_cancel_problems(user, need)
    return True


def _mission_offers(user: AnyUser, mission: Mission, row: Transition) -> bool:
    """The service's own rules, so the page offers only what it would take: a candidacy
    moves only while its need is published; each side reports once."""
    if row.name in (
        MissionTransition.ACCEPT,
        MissionTransition.SHORTLIST,
        MissionTransition.SELECT,
    ):
        return not rules.need_open_problems(mission)
    if row.name == MissionTransition.REPORT:
        return not rules.report_filed_problems(user, mission)
    return True


N = NeedTransition
NEED_TRANSITIONS: TransitionTable[MissionNeed] = TransitionTable(
    model=MissionNeed,
    object_arg="need",
    extra_check=_need_offers,
    rows=[
        Transition(
            name=N.SUBMIT,
            label=_("Soumettre la demande"),
            actor=access.can_submit_need,
            service=f"{NEEDS}.need_submit",
            inputs=(COMMENT,),
        ),
        Transition(
            name=N.SEND_BACK,
            label=_("Renvoyer à l'établissement"),
            actor=access.can_review_need,
            service=f"{NEEDS}.need_send_back",
            inputs=(comment_input(_("Ce qu'il faut revoir"), marked=True),),
            comment_required=True,
            missing_comment=_("Indiquez ce que l'établissement doit revoir."),
            defaults={"comment": ""},
            tone=Tone.SECONDARY,
        ),
        Transition(
            name=N.PUBLISH,
            label=_("Publier la demande"),
            actor=access.can_review_need,
            service=f"{NEEDS}.need_publish",
            inputs=(COMMENT,),
        ),
        # Fired by the approval that fills the need's last place, never offered.
        Transition(
            name=N.STAFF,
            label=_("Demande pourvue"),
            actor=access.can_review_need,
            service=f"{NEEDS}.need_staff",
            offered=False,
        ),
        # Fired when an approved mission of a staffed need is withdrawn or cancelled.
        Transition(
            name=N.REOPEN,
            label=_("Place de nouveau ouverte"),
            actor=access.can_review_need,
            service=f"{NEEDS}.need_reopen",
            offered=False,
        ),
        Transition(
            name=N.CLOSE,
            label=_("Clôturer la demande"),
            actor=access.can_review_need,
            service=f"{NEEDS}.need_close",
            inputs=(COMMENT,),
        ),
        Transition(
            name=N.CANCEL,
            label=_("Annuler la demande"),
            actor=access.can_cancel_need,
            service=f"{NEEDS}.need_cancel",
            inputs=(comment_input(_("Motif de l'annulation"), marked=True),),
            comment_required=True,
            missing_comment=_("Indiquez le motif de l'annulation."),
            defaults={"comment": ""},
            tone=Tone.DANGER,
        ),
    ],
)

T = MissionTransition
MISSION_TRANSITIONS: TransitionTable[Mission] = TransitionTable(
    model=Mission,
    object_arg="mission",
    extra_check=_mission_offers,
    rows=[
        Transition(
            name=T.ACCEPT,
            label=_("Accepter l'invitation"),
            actor=access.can_answer_invitation,
            service=f"{CANDIDACY}.mission_accept",
            inputs=(COMMENT,),
        ),
        Transition(
            name=T.SHORTLIST,
            label=_("Présélectionner"),
            actor=access.can_choose,
            service=f"{CANDIDACY}.mission_shortlist",
            inputs=(COMMENT,),
        ),
        Transition(
            name=T.SELECT,
            label=_("Retenir ce candidat"),
            actor=access.can_select,
            service=f"{CANDIDACY}.mission_select",
            inputs=(COMMENT,),
        ),
        Transition(
            name=T.APPROVE,
            label=_("Approuver la mission"),
            actor=access.can_decide,
            service=f"{DECISIONS}.mission_approve",
            inputs=(COMMENT,),
        ),
        Transition(
            name=T.START,
            label=_("Démarrer la mission"),
            actor=access.can_start,
            service=f"{CONDUCT}.mission_start",
            inputs=(COMMENT,),
        ),
        Transition(
            name=T.REPORT,
            label=_("Rendre le rapport de mission"),
            actor=access.can_report,
            service=f"{CONDUCT}.mission_report",
            inputs=(
                Input(
                    "report",
                    InputKind.LONG_TEXT,
                    _("Ce qui a été enseigné ou soigné"),
                    marked=True,
                    help_text="What was taught or treated (required).",
                ),
                Input(
                    "students",
                    InputKind.COUNT,
                    _("Nombre d'étudiants ou d'élèves"),
                    help_text="How many students or pupils were taught.",
                ),
                Input(
                    "patients",
                    InputKind.COUNT,
                    _("Nombre de patients"),
                    help_text="How many patients were treated.",
                ),
                Input(
                    "difficulties",
                    InputKind.LONG_TEXT,
                    _("Difficultés rencontrées"),
                    help_text="Difficulties met (optional).",
                ),
                Input(
                    "rating",
                    InputKind.CHOICE,
                    _("Appréciation de la mission (1 à 5)"),
                    marked=True,
                    choices=RATINGS,
                    help_text="The mission's rating, 1 (poor) to 5 (excellent).",
                ),
            ),
            defaults={"students": 0, "patients": 0, "difficulties": "", "rating": ""},
        ),
        Transition(
            name=T.CERTIFY,
            label=_("Attester la mission"),
            actor=access.can_decide,
            service=f"{DECISIONS}.mission_certify",
            inputs=(COMMENT,),
        ),
        Transition(
            name=T.DECLINE,
            label=_("Décliner"),
            actor=access.can_decline,
            service=f"{CANDIDACY}.mission_decline",
            inputs=(comment_input(_("Motif (facultatif)")),),
            tone=Tone.DANGER,
        ),
        Transition(
            name=T.WITHDRAW,
            label=_("Retirer ma candidature"),
            actor=access.can_withdraw,
            service=f"{CANDIDACY}.mission_withdraw",
            inputs=(comment_input(_("Motif (facultatif)")),),
            tone=Tone.DANGER,
        ),
        Transition(
            name=T.CANCEL,
            label=_("Annuler la mission"),
            actor=access.can_decide,
            service=f"{DECISIONS}.mission_cancel",
            inputs=(comment_input(_("Motif de l'annulation"), marked=True),),
            comment_required=True,
            missing_comment=_("Indiquez le motif de l'annulation."),
            defaults={"comment": ""},
            tone=Tone.DANGER,
        ),
    ],
)

L = LicenceTransition
LICENCE_TRANSITIONS: TransitionTable[ProfessionalLicence] = TransitionTable(
    model=ProfessionalLicence,
    object_arg="licence",
    rows=[
        Transition(
            name=L.CHECK,
            label=_("Autorisation vérifiée"),
            actor=access.can_check_licence,
            service=f"{LICENCES}.licence_check",
            inputs=(COMMENT,),
        ),
        Transition(
            name=L.REFUSE,
            label=_("Refuser l'autorisation"),
            actor=access.can_check_licence,
            service=f"{LICENCES}.licence_refuse",
            inputs=(comment_input(_("Motif du refus"), marked=True),),
            comment_required=True,
            missing_comment=_("Indiquez le motif du refus."),
            defaults={"comment": ""},
            tone=Tone.DANGER,
        ),
    ],
)
