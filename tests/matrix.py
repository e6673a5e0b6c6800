"""Firing one transition as every persona of the demo cast, over HTTP: the machinery of
the transition matrices (tests/workflows/test_transition_matrix.py,
tests/cases/test_transition_matrix.py).

A matrix row gives, persona by persona, what firing the transition answers:
200 the persona fires it (the state moves on), 403 the persona sees the object but
may not do this (nothing changes, a refused history row is written), 404 the persona
does not see the object (nothing changes, nothing is written, nothing leaks).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.db import models
from django.test import Client
from rest_framework.test import APIClient

from audit.models import HistoryEntry, Outcome, Source

# Every persona of the demo cast (tests/conftest.py), in the order of the matrices' columns.
PERSONAS = (
    "assoc_paris",
    "assoc_brussels",
    "officer",
    "evaluator1",
    "evaluator2",
    "evaluator3",
    "committee",
    "finance",
    "caseworker1",
    "caseworker2",
    "supervisor",
    "focal_paris",
    "auditor",
    "admin",
)
HEADER = "par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud adm"

DONE, REFUSED, NOT_VISIBLE = 200, 403, 404

# How each channel answers a transition that was done: the API with the object (200),
# a page with the redirection to the next page (302).
API, PAGE = Source.API, Source.WEB
DONE_ANSWER: dict[str, int] = {API: 200, PAGE: 302}


def codes(row: str) -> dict[str, int]:
    """`"200 404 …"` read as {persona: expected answer}, one code per column of HEADER."""
    return dict(zip(PERSONAS, (int(code) for code in row.split()), strict=True))


def swapped(expected: dict[str, int], one: str, other: str) -> dict[str, int]:
    """`expected` with the columns of `one` and `other` exchanged: the same row read on
    the object of the other owner (the other association, the other caseworker)."""
    return {**expected, one: expected[other], other: expected[one]}


def client(user: User, channel: str) -> Client:
    web = APIClient() if channel == API else Client()
    web.force_login(user)
    return web


def history(obj: models.Model) -> list[tuple[Any, ...]]:
    return list(
        HistoryEntry.objects.for_object(obj)
        .order_by("id")
        .values_list("id", "action", "outcome", "by__username", "source", "comment")
    )


def recipients(mailbox: list[Any]) -> list[str]:
    """Every address mailed, once per message (each message goes to one address)."""
    return sorted(address for message in mailbox for address in message.to)


def fire_as_everyone(
    *,
    obj: models.Model,
    name: str,
    channel: str,
    expected: dict[str, int],
    reason: str,
    fire: Callable[[Client], Any],
    snapshot: Callable[[], Any],
    users: dict[str, User],
    capture: Any,
    mailbox: list[Any],
) -> Any:
    """Fire `name` on `obj` as every persona through `fire(client)`, the one the row names
    last; check each refusal changed nothing, mailed no one and wrote exactly the refused
    rows (403) or nothing (404). Returns the answer to the persona that fired it."""
    before, rows_before = snapshot(), history(obj)
    answers: dict[str, int] = {}
    actors = [persona for persona in PERSONAS if expected[persona] == DONE]
    for persona in PERSONAS:
        if persona in actors:
            continue
        with capture(execute=True):
            response = fire(client(users[persona], channel))
        answers[persona] = response.status_code
        if channel == API and response.status_code == REFUSED:
            assert response.json()["detail"] == reason, persona
    refusals = {persona: code for persona, code in expected.items() if persona not in actors}
    assert answers == refusals
    assert snapshot() == before, "a refused persona changed something"
    assert mailbox == [], "a refused transition mails no one"
    refused = [p for p in PERSONAS if p not in actors and answers[p] == REFUSED]
    assert [row[1:] for row in history(obj)[len(rows_before) :]] == [
        (name, Outcome.REFUSED, persona, channel, reason) for persona in refused
    ]
    (actor,) = actors
    with capture(execute=True):
        done = fire(client(users[actor], channel))
    assert done.status_code == DONE_ANSWER[channel], done.content[:500]
    return done


def done_row(obj: models.Model, name: str) -> tuple[Any, ...]:
    """The last history row of `name` done on `obj`: (by, source, from, to)."""
    row = HistoryEntry.objects.for_object(obj).filter(action=name).latest("id")
    assert row.outcome == Outcome.DONE
    return (
        row.by.get_username() if row.by else None,
        row.source,
        row.source_state,
        row.target_state,
    )


def poster(api_path: str, page_path: str, inputs: dict[str, Any], channel: str) -> Callable:
    """`fire(client)` for fire_as_everyone: POST `inputs` to the API or to the page."""
    if channel == API:
        return lambda web: web.post(api_path, inputs, format="json")
    return lambda web: web.post(page_path, inputs)


def offers(path: str, users: dict[str, User], api_for: Any) -> dict[str, list[str]]:
    """The transitions the API offers each persona at `path` (none if it does not see it)."""
    offered = {}
    for persona in PERSONAS:
        response = api_for(users[persona]).get(path)
        offered[persona] = (
            [o["name"] for o in response.json()] if response.status_code == 200 else []
        )
    return offered


def offered_to(path: str, name: str, users: dict[str, User], api_for: Any) -> list[str]:
    """The personas to whom the API offers transition `name` at `path`."""
    return [persona for persona, names in offers(path, users, api_for).items() if name in names]
