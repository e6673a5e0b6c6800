"""The transitions of the difficulties register, declared once (docs/difficulties.md).

One state machine, `Difficulty.status`, from the public form's unconfirmed report to
its closure. Each row says what users call the transition, who may fire it
(`difficulties.access`), the inputs it reads, whether a comment is required, the
button's tone and the service function that fires it (`difficulties.services`).
Where a transition goes from and to is declared on the model.
"""

from __future__ import annotations

import enum

from django.utils.translation import gettext_lazy as _

from difficulties import access
from difficulties.choices import Category, Urgency
from difficulties.models import NOTE_MAX_LENGTH, Administration, Difficulty
from difficulties.models.difficulties import TRACKING_CODE_LENGTH
from processes.table import (
    Input,
    InputKind,
    Tone,
    Transition,
    TransitionTable,
    comment_input,
    text_limit,
)

HANDLING = "difficulties.services.handling"
REPORTING = "difficulties.services.reporting"
FEEDBACK = "difficulties.services.feedback"


class DifficultyTransition(enum.StrEnum):
    CONFIRM = "confirm"
    QUALIFY = "qualify"
    REFER = "refer"
    ANSWER = "answer"
    RESOLVE = "resolve"
    UNRESOLVE = "unresolve"
    CLOSE = "close"
    MERGE = "merge"
    REJECT = "reject"


def administration_choices() -> list[tuple[str, str]]:
    return [(a.code, a.name) for a in Administration.objects.filter(active=True).order_by("name")]


COMMENT = comment_input()
ADMINISTRATION = Input(
    "administration",
    InputKind.CHOICE,
    _("Administration compétente"),
    marked=True,
    choices=administration_choices,
    max_length=text_limit(Administration, "code"),
    help_text="The code of the administration concerned.",
)


D = DifficultyTransition
DIFFICULTY_TRANSITIONS: TransitionTable[Difficulty] = TransitionTable(
    model=Difficulty,
    object_arg="difficulty",
    rows=[
        Transition(
            name=D.CONFIRM,
            label=_("Confirmer le signalement"),
            actor=access.can_confirm,
            service=f"{REPORTING}.difficulty_confirm",
            inputs=(comment_input(_("Appel au déclarant (facultatif)")),),
        ),
        Transition(
            name=D.QUALIFY,
            label=_("Qualifier le signalement"),
            actor=access.can_handle,
            service=f"{HANDLING}.difficulty_qualify",
            inputs=(
                Input(
                    "category",
                    InputKind.CHOICE,
                    _("Catégorie"),
                    marked=True,
                    choices=Category.choices,
                    help_text="The difficulty's category.",
                ),
                ADMINISTRATION,
                Input(
                    "urgency",
                    InputKind.CHOICE,
                    _("Urgence"),
                    marked=True,
                    choices=Urgency.choices,
                    help_text="normal or urgent.",
                ),
                COMMENT,
            ),
            defaults={"category": "", "administration": "", "urgency": "", "comment": ""},
        ),
        Transition(
            name=D.REFER,
            label=_("Transmettre à l'administration"),
            actor=access.can_handle,
            service=f"{HANDLING}.difficulty_refer",
            inputs=(
                ADMINISTRATION,
                Input(
                    "due_date",
                    InputKind.DATE,
                    _("Réponse attendue le"),
                    marked=True,
                    help_text="The day the administration's answer is due (after today).",
                ),
                COMMENT,
            ),
            defaults={"administration": "", "due_date": None, "comment": ""},
        ),
        Transition(
            name=D.ANSWER,
            label=_("Enregistrer la réponse"),
            actor=access.can_handle,
            service=f"{HANDLING}.difficulty_answer",
            inputs=(
                Input(
                    "answer",
                    InputKind.LONG_TEXT,
                    _("Réponse au déclarant"),
                    marked=True,
                    help_text="The answer, mailed to the reporter and shown on the tracking page.",
                ),
            ),
            defaults={"answer": ""},
        ),
        # The reporter's word, given with the tracking code: never a button.
        Transition(
            name=D.RESOLVE,
            label=_("Résolue selon le déclarant"),
            actor=access.can_give_feedback,
            service=f"{FEEDBACK}.difficulty_resolve",
            offered=False,
        ),
        Transition(
            name=D.UNRESOLVE,
            label=_("Non résolue selon le déclarant"),
            actor=access.can_give_feedback,
            service=f"{FEEDBACK}.difficulty_unresolve",
            offered=False,
        ),
        Transition(
            name=D.CLOSE,
            label=_("Clôturer le signalement"),
            actor=access.can_handle,
            service=f"{HANDLING}.difficulty_close",
            inputs=(COMMENT,),
            tone=Tone.SECONDARY,
        ),
        Transition(
            name=D.MERGE,
            label=_("Fusionner avec un autre signalement"),
            actor=access.can_handle,
            service=f"{HANDLING}.difficulty_merge",
            inputs=(
                Input(
                    "into",
                    InputKind.TEXT,
                    _("Code de suivi du signalement principal"),
                    marked=True,
                    max_length=text_limit(Administration, "code"),
                    help_text=(
                        "The tracking code of the report this one duplicates "
                        f"({TRACKING_CODE_LENGTH} characters, e.g. K7M3Q-9XR4T)."
                    ),
                ),
                COMMENT,
            ),
            defaults={"into": "", "comment": ""},
            tone=Tone.SECONDARY,
        ),
        Transition(
            name=D.REJECT,
            label=_("Rejeter (hors du champ)"),
            actor=access.can_handle,
            service=f"{HANDLING}.difficulty_reject",
            inputs=(
                Input(
                    "reason",
                    InputKind.LONG_TEXT,
                    _("Motif du rejet"),
                    marked=True,
                    help_text="Why the report is out of scope (told to the reporter).",
                ),
            ),
            defaults={"reason": ""},
            tone=Tone.DANGER,
        ),
    ],
)

# The feedback note's bound, for the page and the API.
FEEDBACK_NOTE_MAX_LENGTH = NOTE_MAX_LENGTH
