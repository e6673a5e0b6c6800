"""Who may fire each transition of the difficulties register, over HTTP
(docs/difficulties.md, « Transitions »).

Every offered transition, from every state it leaves, is fired by every persona of the
demo cast, by `focal_berlin` (the focal point of another embassy) and by an anonymous
visitor, at a report brought to that state through the services, as tests/matrix.py
describes, on two reports:

- one of France (the Paris embassy's jurisdiction): its focal point and the officers
  handle it;
- one of Senegal, which no embassy covers (the officers' desk): only the officers
  handle it; the Paris focal point does not see it.

Each row is checked four times: the Paris report over the API and the desk's through the
page (`difficulty`), then the other way round (`desk_by_api`). The auditor sees both and
fires nothing (403, one refused history row); everyone else does not see them (404,
nothing written); the anonymous visitor is asked to log in.

A phone-only report is confirmed by those who handle it; a report with an e-mail only
by its link (test_a_report_with_an_email_is_confirmed_by_its_link_only). `resolve` and
`unresolve` are the reporter's word, given with the tracking code only: no staff route
fires them (test_nobody_gives_the_reporters_word_through_the_staff_routes).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from django_fsm import get_all_FIELD_transitions

from audit.models import HistoryEntry, Outcome
from difficulties.access import NOT_HANDLER
from difficulties.choices import DifficultyStatus
from difficulties.models import Difficulty
from difficulties.transitions import DIFFICULTY_TRANSITIONS
from tests.difficulties.builders import make_difficulty, reported
from tests.matrix import (
    ANONYMOUS,
    API,
    LOGIN,
    PAGE,
    PERSONAS,
    UNAUTHENTICATED,
    Kind,
    Row,
    client,
    matrix_test,
)

S = DifficultyStatus

# The cast's columns, then the focal point of Berlin and an anonymous visitor.
COLUMNS = (*PERSONAS, "focal_berlin", ANONYMOUS)
REPORTER = "reporter"
NOBODY: tuple[str, ...] = ()
# A phone-only report: only a handler's call confirms it (it has no e-mail to mail).
PHONE_ONLY = {"email": "", "phone": "+33 6 12 34 56 78"}
# The open report of the Paris jurisdiction the merges name (`into`).
MAIN_CODE = "MERGE-HERE4"

# fmt: off
MATRIX = [
    #                                     par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm fbe ano  # noqa: E501
    Row("confirm", S.UNCONFIRMED,        "404 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 401", NOBODY, by="focal_paris"),  # noqa: E501
    Row("qualify", S.REPORTED,           "404 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 401", NOBODY, by="focal_paris"),  # noqa: E501
    Row("refer", S.QUALIFIED,            "404 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 401", NOBODY, by="focal_paris"),  # noqa: E501
    Row("refer", S.UNRESOLVED,           "404 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 401", NOBODY, by="focal_paris"),  # noqa: E501
    Row("answer", S.QUALIFIED,           "404 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 401", (REPORTER,), by="focal_paris"),  # noqa: E501
    Row("answer", S.REFERRED,            "404 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 401", (REPORTER,), by="focal_paris"),  # noqa: E501
    Row("close", S.ANSWERED,             "404 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 401", NOBODY, by="focal_paris"),  # noqa: E501
    Row("close", S.RESOLVED,             "404 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 401", NOBODY, by="focal_paris"),  # noqa: E501
    Row("close", S.UNRESOLVED,           "404 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 401", NOBODY, by="focal_paris"),  # noqa: E501
    Row("merge", S.REPORTED,             "404 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 401", (REPORTER,), by="focal_paris"),  # noqa: E501
    Row("merge", S.QUALIFIED,            "404 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 401", (REPORTER,), by="focal_paris"),  # noqa: E501
    Row("merge", S.REFERRED,             "404 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 401", (REPORTER,), by="focal_paris"),  # noqa: E501
    Row("reject", S.UNCONFIRMED,         "404 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 401", NOBODY, by="focal_paris"),  # noqa: E501
    Row("reject", S.REPORTED,            "404 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 401", (REPORTER,), by="focal_paris"),  # noqa: E501
    Row("reject", S.QUALIFIED,           "404 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 401", (REPORTER,), by="focal_paris"),  # noqa: E501
]
# fmt: on

TARGETS = {
    "confirm": S.REPORTED,
    "qualify": S.QUALIFIED,
    "refer": S.REFERRED,
    "answer": S.ANSWERED,
    "close": S.CLOSED,
    "merge": S.DUPLICATE,
    "reject": S.REJECTED,
}
# Where each owner's report is (no embassy covers Senegal), and who handles it there.
COUNTRY = {"paris": "FR", "desk": "SN"}
HANDLER = {"paris": "focal_paris", "desk": "officer"}
# Every input any transition reads; each ignores the others.
INPUTS = {
    "comment": "Appel passé au déclarant.",
    "category": "passport",
    "administration": "dgdn",
    "urgency": "urgent",
    "due_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    "answer": "Votre passeport est disponible au consulat.",
    "into": MAIN_CODE,
    "reason": "Hors du champ du dispositif.",
}


def main_report() -> Difficulty:
    """The open report of the Paris jurisdiction that merges name, made once."""
    found = Difficulty.objects.filter(tracking_code=MAIN_CODE).first()
    if found is not None:
        return found
    main = make_difficulty(S.REPORTED)
    Difficulty.objects.filter(pk=main.pk).update(tracking_code=MAIN_CODE)
    main.refresh_from_db()
    return main


def difficulty_in(state: str, owner: str) -> Difficulty:
    """A report of `owner` (the Paris jurisdiction's or the desk's) in `state`; an
    unconfirmed one has a phone only (its handlers confirm it)."""
    main_report()
    country = COUNTRY[owner]
    if state == S.UNCONFIRMED:
        return reported(country=country, **PHONE_ONLY)
    return make_difficulty(state, by=User.objects.get(username=HANDLER[owner]), country=country)


def addresses(told: tuple[str, ...], obj: Difficulty) -> list[str]:
    return [obj.email for who in told if who == REPORTER and obj.email]


def snapshot(difficulty: Difficulty) -> dict[str, Any]:
    """Everything a transition could change: the report, its answers, the main report
    merges name, and the history of both."""
    fresh = Difficulty.objects.get(pk=difficulty.pk)
    main = main_report()
    return {
        "difficulty": model_to_dict(fresh),
        "answers": list(fresh.answers.values_list("text", flat=True)),
        "main": model_to_dict(main),
        "history": [
            pk
            for obj in (fresh, main)
            for pk in HistoryEntry.objects.for_object(obj)
            .filter(outcome=Outcome.DONE)
            .values_list("pk", flat=True)
        ],
    }


DIFFICULTIES = Kind(
    route="difficulties:difficulty",
    api="/api/v1/difficulties/",
    page="difficulties:transition",
    build=difficulty_in,
    inputs=INPUTS,
    targets=TARGETS,
    # The Paris focal point's place is the officer's on the desk's report, which the
    # Paris focal point does not see.
    owners={"paris": ("focal_paris",), "desk": ("officer",)},
    strangers=("focal_paris",),
    refusals={"focal_paris": str(NOT_HANDLER), "officer": str(NOT_HANDLER)},
    snapshot=snapshot,
    addresses=addresses,
    columns=COLUMNS,
    fixtures=("focal_berlin",),
)

test_who_fires_each_transition = matrix_test(
    difficulty=(DIFFICULTIES, MATRIX),
    desk_by_api=(DIFFICULTIES.like(on_other=(API,)), MATRIX),
)


def test_the_table_covers_every_offered_transition_from_every_source_state() -> None:
    field = Difficulty._meta.get_field("status")
    pairs = {(t.name, str(t.source)) for t in get_all_FIELD_transitions(Difficulty(), field)}
    feedback = {(name, state) for name, state in pairs if name in ("resolve", "unresolve")}
    assert {(row.name, str(row.state)) for row in MATRIX} | feedback == pairs
    assert set(TARGETS) == set(DIFFICULTY_TRANSITIONS.offered_names)


def _fire(user: User | None, difficulty: Difficulty, name: str, channel: str) -> int:
    web = client(user, channel)
    if channel == API:
        path = f"/api/v1/difficulties/{difficulty.pk}/transitions/{name}/"
        return web.post(path, {"note": "Réglé."}, format="json").status_code
    page = reverse("difficulties:transition", args=[difficulty.pk, name])
    return web.post(page, {"note": "Réglé."}).status_code


@pytest.mark.parametrize("owner", ["paris", "desk"])
@pytest.mark.parametrize("channel", [API, PAGE])
@pytest.mark.parametrize("name", ["resolve", "unresolve"])
def test_nobody_gives_the_reporters_word_through_the_staff_routes(
    cast: Any, focal_berlin: User, owner: str, channel: str, name: str
) -> None:
    """The reporter's word is given with the tracking code (the public page and API):
    no staff route fires it, for anyone, on a report waiting for that word."""
    difficulty = difficulty_in(S.ANSWERED, owner)
    before = snapshot(difficulty)
    users = {user.username: user for user in User.objects.filter(username__in=COLUMNS)}
    anonymous = UNAUTHENTICATED if channel == API else LOGIN
    answers = {persona: _fire(users.get(persona), difficulty, name, channel) for persona in COLUMNS}
    assert answers == dict.fromkeys(COLUMNS, 404) | {ANONYMOUS: anonymous}
    assert snapshot(difficulty) == before
    assert not HistoryEntry.objects.for_object(difficulty).filter(action=name).exists()


@pytest.mark.parametrize("channel", [API, PAGE])
def test_a_report_with_an_email_is_confirmed_by_its_link_only(
    cast: Any, focal_berlin: User, channel: str, mailoutbox: list[Any]
) -> None:
    """A report with an e-mail waits for its reporter's link, out of the register: no
    one sees it there, and no one confirms it for its reporter."""
    difficulty = reported()
    mailoutbox.clear()
    before = snapshot(difficulty)
    users = {user.username: user for user in User.objects.filter(username__in=COLUMNS)}
    answers = {
        persona: _fire(users.get(persona), difficulty, "confirm", channel) for persona in COLUMNS
    }
    anonymous = UNAUTHENTICATED if channel == API else LOGIN
    assert answers == dict.fromkeys(COLUMNS, 404) | {ANONYMOUS: anonymous}
    assert snapshot(difficulty) == before
    assert mailoutbox == []
