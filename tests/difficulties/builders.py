"""Reported difficulties in any state, built through the services by the persona whose
job it is (tests/conftest.py's demo cast must be loaded: the `cast` fixture).

`make_difficulty(state)` reports from the public form (as an anonymous reporter), then
has `focal_paris` (the focal point of the Paris embassy, whose jurisdiction holds
France) take it to `state`; `by=` names another handler (an officer for a country no
embassy covers)."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from audit.models import Source
from difficulties import services
from difficulties.choices import DifficultyStatus
from difficulties.models import Difficulty
from processes.firing import Firing

S = DifficultyStatus
SOURCE = Source.COMMAND
_numbers = itertools.count(1)

# The path to each state from `reported`.
PATH = {
    S.UNCONFIRMED: None,
    S.REPORTED: [],
    S.QUALIFIED: ["qualify"],
    S.REFERRED: ["qualify", "refer"],
    S.ANSWERED: ["qualify", "refer", "answer"],
    S.RESOLVED: ["qualify", "refer", "answer", "resolve"],
    S.UNRESOLVED: ["qualify", "refer", "answer", "unresolve"],
    S.CLOSED: ["qualify", "refer", "answer", "close"],
    S.DUPLICATE: ["merge"],
    S.REJECTED: ["reject"],
}


def report_fields(**fields: Any) -> dict[str, Any]:
    """A valid public report, each one different (its description is numbered)."""
    number = next(_numbers)
    return {
        "category": "passport",
        "country": "FR",
        "description": f"Ma demande de passeport n°{number} n'a reçu aucune réponse depuis "
        "des mois.",
        "email": f"reporter{number}@example.org",
        "phone": "",
        "consent": True,
        **fields,
    }


def reported(**fields: Any) -> Difficulty:
    """A new report from the public form, unconfirmed."""
    difficulty, created = services.difficulty_report(
        fields=report_fields(**fields), by=AnonymousUser(), source=SOURCE
    )
    assert created
    return difficulty


def make_difficulty(
    state: str = S.REPORTED, *, by: User | None = None, **fields: Any
) -> Difficulty:
    difficulty = reported(**fields)
    steps = PATH[S(state)]
    if steps is None:
        return difficulty
    difficulty = services.difficulty_confirm_by_link(difficulty=difficulty, source=SOURCE)
    handler = by or User.objects.get(username="focal_paris")
    firing: Firing = {"by": handler, "source": SOURCE}
    for step in steps:
        if step == "qualify":
            difficulty = services.difficulty_qualify(
                difficulty=difficulty, administration="dgdn", **firing
            )
        elif step == "refer":
            difficulty = services.difficulty_refer(
                difficulty=difficulty,
                administration="dgdn",
                due_date=timezone.localdate() + datetime.timedelta(days=30),
                **firing,
            )
        elif step == "answer":
            difficulty = services.difficulty_answer(
                difficulty=difficulty, answer="Votre passeport est prêt au consulat.", **firing
            )
        elif step in ("resolve", "unresolve"):
            difficulty = services.give_feedback(
                difficulty=difficulty, resolved=step == "resolve", note="", source=SOURCE
            )
        elif step == "close":
            difficulty = services.difficulty_close(difficulty=difficulty, **firing)
        elif step == "merge":
            main = make_difficulty(S.REPORTED, by=by, country=fields.get("country", "FR"))
            difficulty = services.difficulty_merge(
                difficulty=difficulty, into=main.tracking_code, **firing
            )
        elif step == "reject":
            difficulty = services.difficulty_reject(
                difficulty=difficulty, reason="Hors du champ du dispositif.", **firing
            )
    assert difficulty.status == state, (difficulty.status, state)
    return difficulty


def empty_the_register() -> None:
    """No report at all (the demo cast brings a few): for tests that count reports."""
    Difficulty.objects.exclude(merged_into=None).delete()
    Difficulty.objects.all().delete()
