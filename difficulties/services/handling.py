"""A registered report handled by the focal point of its embassy or an officer:
qualified, referred to an administration with a due date, answered, merged into
another report, rejected, closed."""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any, Unpack

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.types import signed_in
from audit.services import record_history
from difficulties import access, notifications
from difficulties.choices import OPEN_STATES, Category, DifficultyStatus, Urgency
from difficulties.codes import normalise_code
from difficulties.models import Difficulty, DifficultyAnswer
from difficulties.services.common import administration_named
from difficulties.transitions import DIFFICULTY_TRANSITIONS
from difficulties.transitions import DifficultyTransition as D
from processes.firing import Firing
from processes.table import COMMENT_MAX_LENGTH
from processes.transitions import ActionRefused, ConditionsUnmet, refuse_unless

S = DifficultyStatus

# The latest due date a referral may set.
MAX_DUE_DAYS = 366
# States a report may be merged into: any open one.
MERGE_TARGET_STATES = OPEN_STATES


def _on(field: str, message: str) -> ConditionsUnmet:
    return ConditionsUnmet([message], fields={field: [message]})


def _may(difficulty: Difficulty, name: D, firing: Firing) -> None:
    """Refuse first whoever may not fire `name` (an auditor, the focal point of another
    embassy): the inputs are read only for those who handle the report."""
    refuse_unless(
        DIFFICULTY_TRANSITIONS[name].actor(firing["by"], difficulty),
        obj=difficulty,
        action=name,
        by=firing["by"],
        source=firing["source"],
    )


def difficulty_qualify(
    *,
    difficulty: Difficulty,
    category: str = "",
    administration: Any = "",
    urgency: str = "",
    comment: str = "",
    **firing: Unpack[Firing],
) -> Difficulty:
    _may(difficulty, D.QUALIFY, firing)
    category = category or difficulty.category
    if category not in Category.values:
        raise _on("category", _("Choisissez une catégorie de la liste."))
    urgency = urgency or Urgency.NORMAL
    if urgency not in Urgency.values:
        raise _on("urgency", _("Choisissez une urgence de la liste."))
    chosen = administration_named(administration, field="administration")
    chosen = chosen or difficulty.administration

    def missing(locked: Difficulty) -> list[str]:
        return [] if chosen else [_("Indiquez l'administration concernée.")]

    def qualify(locked: Difficulty) -> None:
        locked.category = category
        locked.urgency = urgency
        locked.administration = chosen

    return DIFFICULTY_TRANSITIONS.run(
        difficulty,
        D.QUALIFY,
        **firing,
        comment=comment,
        conditions=missing,
        before_save=qualify,
        field_of={_("Indiquez l'administration concernée."): "administration"},
        data={"category": category, "urgency": urgency},
    )


def due_date_problem(due_date: datetime.date | None) -> str:
    today = timezone.localdate()
    if due_date is None:
        return _("Indiquez la date à laquelle la réponse est attendue.")
    if due_date <= today:
        return _("La réponse est attendue après aujourd'hui.")
    if due_date > today + datetime.timedelta(days=MAX_DUE_DAYS):
        return _("La réponse est attendue dans l'année.")
    return ""


def difficulty_refer(
    *,
    difficulty: Difficulty,
    administration: Any = "",
    due_date: datetime.date | None = None,
    comment: str = "",
    **firing: Unpack[Firing],
) -> Difficulty:
    _may(difficulty, D.REFER, firing)
    chosen = administration_named(administration, field="administration")
    chosen = chosen or difficulty.administration
    if chosen is None:
        raise _on("administration", _("Indiquez l'administration à laquelle transmettre."))
    problem = due_date_problem(due_date)
    if problem:
        raise _on("due_date", problem)

    def refer(locked: Difficulty) -> None:
        locked.referred_to = chosen
        locked.due_date = due_date
        locked.referred_at = timezone.now()
        locked.escalated_at = None
        # Referred again after an unresolved answer: the next answer asks for the
        # reporter's word afresh (the history keeps the earlier one).
        locked.feedback_at = None
        locked.feedback_resolved = None
        locked.feedback_note = ""

    return DIFFICULTY_TRANSITIONS.run(
        difficulty,
        D.REFER,
        **firing,
        comment=comment,
        before_save=refer,
        data={"administration": chosen.name, "due_date": due_date.isoformat() if due_date else ""},
    )


def difficulty_answer(
    *, difficulty: Difficulty, answer: str = "", **firing: Unpack[Firing]
) -> Difficulty:
    _may(difficulty, D.ANSWER, firing)
    text = (answer or "").strip()
    if not text:
        raise _on("answer", _("Écrivez la réponse au déclarant."))
    if len(text) > COMMENT_MAX_LENGTH:
        raise _on(
            "answer",
            _("La réponse tient en %(limit)s caractères au plus.") % {"limit": COMMENT_MAX_LENGTH},
        )

    def stamp(locked: Difficulty) -> None:
        # The delays count to the first answer; the closure 30 days on, from the latest.
        locked.answered_at = timezone.now()
        if locked.first_answered_at is None:
            locked.first_answered_at = locked.answered_at

    def keep(locked: Difficulty) -> None:
        DifficultyAnswer.objects.create(
            difficulty=locked,
            text=text,
            administration=locked.referred_to,
            at=locked.answered_at or timezone.now(),
            by=signed_in(firing["by"]),
        )

    return DIFFICULTY_TRANSITIONS.run(
        difficulty,
        D.ANSWER,
        **firing,
        before_save=stamp,
        after_save=keep,
        on_commit=[partial(notifications.answered, difficulty)],
    )


def _stamp_closed(locked: Difficulty) -> None:
    locked.closed_at = timezone.now()


def difficulty_close(
    *, difficulty: Difficulty, comment: str = "", cascade: bool = False, **firing: Unpack[Firing]
) -> Difficulty:
    """Closed by those who handle it, or by the system 30 days after an answer without
    the reporter's word (`cascade=True`: `difficulties.services.maintenance`)."""
    return DIFFICULTY_TRANSITIONS.run(
        difficulty, D.CLOSE, **firing, comment=comment, before_save=_stamp_closed, cascade=cascade
    )


def _not_open() -> str:
    return _("Le signalement principal doit être en cours de traitement.")


def _merge_target(difficulty: Difficulty, into: Any, by: Any) -> Difficulty:
    if isinstance(into, Difficulty):
        target: Difficulty | None = into
    else:
        code = normalise_code(str(into or ""))
        if code is None:
            raise _on("into", _("Donnez le code de suivi du signalement principal."))
        target = Difficulty.objects.filter(tracking_code=code).first()
    if target is None or not access.can_see(by, target):
        raise _on("into", _("Aucun signalement que vous traitez ne porte ce code."))
    if target.pk == difficulty.pk:
        raise _on("into", _("Un signalement ne peut pas être fusionné avec lui-même."))
    if not access.handles(by, target):
        raise _on("into", _("Vous ne traitez pas ce signalement-là."))
    if target.status not in MERGE_TARGET_STATES:
        raise _on("into", _not_open())
    return target


def difficulty_merge(
    *, difficulty: Difficulty, into: Any = "", comment: str = "", **firing: Unpack[Firing]
) -> Difficulty:
    """`difficulty` duplicates `into`, which carries on for both; the duplicate's
    reporter (and those of its own duplicates) are told the main report's code."""
    _may(difficulty, D.MERGE, firing)
    target = _merge_target(difficulty, into, firing["by"])
    # The reports already merged into this one: they follow it, and their reporters
    # are told too (filled once the merge is written, read after the commit).
    followers: list[int] = []

    def merge(locked: Difficulty) -> None:
        locked.merged_into = target
        locked.closed_at = timezone.now()

    def move_duplicates(locked: Difficulty) -> None:
        moved = Difficulty.objects.filter(merged_into=locked)
        followers.extend(moved.values_list("pk", flat=True))
        moved.update(merged_into=target)
        record_history(
            obj=target,
            action="merged_in",
            by=firing["by"],
            source=firing["source"],
            data={"code": locked.tracking_code},
        )

    # Both rows locked in the order of their keys before the transition reads them, and
    # the main report's state read again under the lock: two merges of the same pair,
    # whichever way round, queue one behind the other and the second finds its main
    # report merged. A refusal leaves the block whole, so its trace in the history is kept.
    with transaction.atomic():
        pair = Difficulty.objects.select_for_update().filter(pk__in=(difficulty.pk, target.pk))
        states = dict(pair.order_by("pk").values_list("pk", "status"))
        if states.get(target.pk) not in MERGE_TARGET_STATES:
            raise _on("into", _not_open())
        try:
            return DIFFICULTY_TRANSITIONS.run(
                difficulty,
                D.MERGE,
                **firing,
                comment=comment,
                before_save=merge,
                after_save=move_duplicates,
                on_commit=[partial(notifications.merged, difficulty, followers)],
                data={"into": target.tracking_code},
            )
        except ActionRefused as exc:
            refused = exc
    raise refused


def difficulty_reject(
    *, difficulty: Difficulty, reason: str = "", **firing: Unpack[Firing]
) -> Difficulty:
    _may(difficulty, D.REJECT, firing)
    text = (reason or "").strip()
    if not text:
        raise _on("reason", _("Indiquez le motif du rejet."))
    if len(text) > COMMENT_MAX_LENGTH:
        raise _on(
            "reason",
            _("Le motif tient en %(limit)s caractères au plus.") % {"limit": COMMENT_MAX_LENGTH},
        )

    def reject(locked: Difficulty) -> None:
        locked.rejection_reason = text
        locked.closed_at = timezone.now()

    return DIFFICULTY_TRANSITIONS.run(
        difficulty,
        D.REJECT,
        **firing,
        comment=text,
        before_save=reject,
        on_commit=[partial(notifications.rejected, difficulty)],
    )
