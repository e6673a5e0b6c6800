"""The reporter's word on an answer, given with the tracking code: resolved or not,
with a note. No account: the code is the reporter's credential, so the transition is
fired as its consequence (`cascade=True`), never by a staff member."""

from __future__ import annotations

from typing import Unpack

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from audit.models import Source
from difficulties import access
from difficulties.choices import DifficultyStatus as S
from difficulties.models import NOTE_MAX_LENGTH, Difficulty
from difficulties.transitions import DIFFICULTY_TRANSITIONS
from difficulties.transitions import DifficultyTransition as D
from processes.firing import Firing
from processes.transitions import ConditionsUnmet, InvalidState, NotAllowed


def _fire(difficulty: Difficulty, name: D, note: str, **firing: Unpack[Firing]) -> Difficulty:
    text = (note or "").strip()
    if len(text) > NOTE_MAX_LENGTH:
        message = _("L'avis tient en %(limit)s caractères au plus.") % {"limit": NOTE_MAX_LENGTH}
        raise ConditionsUnmet([message], fields={"note": [message]})

    def keep(locked: Difficulty) -> None:
        locked.feedback_at = timezone.now()
        locked.feedback_note = text
        locked.feedback_resolved = name == D.RESOLVE

    return DIFFICULTY_TRANSITIONS.run(
        difficulty, name, **firing, comment=text, before_save=keep, cascade=True
    )


def difficulty_resolve(
    *, difficulty: Difficulty, note: str = "", **firing: Unpack[Firing]
) -> Difficulty:
    return _fire(difficulty, D.RESOLVE, note, **firing)


def difficulty_unresolve(
    *, difficulty: Difficulty, note: str = "", **firing: Unpack[Firing]
) -> Difficulty:
    return _fire(difficulty, D.UNRESOLVE, note, **firing)


def give_feedback(
    *,
    difficulty: Difficulty,
    resolved: bool,
    note: str = "",
    source: Source | str,
    by: AnyUser | None = None,
) -> Difficulty:
    """The reporter's word, from the tracking page or the public API (the report was
    found by its code). `by`, the one sending it: a signed-in member of the register's
    staff is refused (403); a duplicate's code does not speak for the main report (409)."""
    if by is not None:
        decision = access.speaks_as_reporter(by)
        if not decision:
            raise NotAllowed(decision.reason)
    if difficulty.status == S.DUPLICATE:
        raise InvalidState(
            _(
                "Ce signalement a été fusionné avec un autre : l'avis se donne avec le code "
                "du signalement principal, par son déclarant."
            )
        )
    fire = difficulty_resolve if resolved else difficulty_unresolve
    return fire(difficulty=difficulty, note=note, by=AnonymousUser(), source=source)
