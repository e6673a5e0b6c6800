"""Firing one transition as every persona of the demo cast, over HTTP: the machinery of
the transition matrices (tests/workflows/test_transition_matrix.py,
tests/cases/test_transition_matrix.py, tests/missions/test_transition_matrix.py).

A matrix row names a transition, the state it leaves and, persona by persona (the
columns of HEADER), what firing it answers on the object of the row's owner: 200 the
persona fires it, 403 the persona sees the object but may not do it, 404 the persona
does not see the object. Each row is checked twice:

- on the owner's object, over the API (`POST …/transitions/{name}/`): the API offers
  the transition to the persona that fires it and to no one else;
- on the same kind of object of another owner (another association, another
  caseworker, another host and expert), through the page: the two owners swap
  columns, and whoever sees the first object only through its owner (a focal point,
  through its jurisdiction's expert) does not see the other.

Where several personas may fire it (the host or the officer), the row names the one
who does (`by`): the others are offered it too, and are not asked to fire it.

A kind may add columns to the cast's (`Kind.columns`): personas its tests make
(`Kind.fixtures`, e.g. a focal point of another embassy) and ANONYMOUS, a visitor
without an account, who is asked to log in (401 over the API, 302 to the login page).
A kind may also fire the other owner's object over the API and its own through the page
(`Kind.on_other`), so that a second kind checks the two other cases.

Every refusal changes nothing, mails no one and writes exactly one refused history row
(403) or nothing at all (404). Then the one persona allowed fires it: the state moves on,
the history records who did it from where, and exactly the people the row names are
mailed, one message each.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import pytest
from django.contrib.auth.models import User
from django.db import models
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import HistoryEntry, Outcome, Source
from registry.demo import CAST

# Every persona of the demo cast (tests/conftest.py), in the order of the matrices' columns.
PERSONAS = (*(person.username for person in CAST), "admin")
HEADER = "par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm"
# A visitor without an account: a column a kind may add to the cast's.
ANONYMOUS = "anonymous"

DONE, REFUSED = 200, 403
# An anonymous visitor is asked to log in: by the API (401), by a page (302 to login).
UNAUTHENTICATED, LOGIN = 401, 302
# The persona sees the object and may fire the transition, but the object's own rule
# refuses it now (e.g. its side already reported): not offered, refused with the rule's
# reason in the history.
UNMET = 400

# The owner's object is fired over the API, the other owner's through the page. A
# transition done answers with the object (API, 200) or the next page (page, 302).
API, PAGE = Source.API, Source.WEB
DONE_ANSWER: dict[str, int] = {API: 200, PAGE: 302}


class Row(NamedTuple):
    name: str
    state: str  # the state the object is built in (see Kind.build)
    codes: str  # one answer per persona (HEADER, or the kind's columns), on the owner's
    # object over the API (an anonymous visitor's 401 is a 302 through the page)
    told: tuple[str, ...] = ()  # who is mailed once it is done (see Kind.addresses)
    by: str = ""  # who fires it where several personas may (else the only 200)


@dataclass(frozen=True)
class Kind:
    """One kind of object a process moves, and how its matrix fires at it."""

    route: str  # `app:kind`: its transitions at /api/v1/{kind}s/{pk}/transitions/{name}/
    # and at the page `app:kind_transition` (unless `page` names it)
    build: Callable[[str, str], Any]  # (state, owner) -> an object of that owner in state
    inputs: Mapping[str, Any]  # every input any transition reads; each ignores the rest
    targets: Mapping[str, str]  # where each transition leads
    owners: Mapping[str, str | tuple[str, ...]]  # owner (for `build`) -> the personas
    # whose columns are its own; the first is the row's owner, the second the other one
    # (their columns swap, pair by pair)
    refusals: Mapping[str, str]  # what refused personas read: by `name@state`, by
    # transition name or by the row's actor, the first given
    snapshot: Callable[[Any], Any]  # everything a transition could change
    addresses: Callable[[tuple[str, ...], Any], list[str]] = lambda told, obj: list(told)
    api: str = ""  # the API's collection (`/api/v1/{kind}s/` if not given)
    channels: tuple[str, ...] = (API, PAGE)  # where its transitions are fired
    strangers: tuple[str, ...] = ()  # personas who see the row owner's object through
    # its owner only (a focal point, through its jurisdiction's expert): the other
    # owner's object is not visible to them
    page: str = ""  # the page's transition route (`app:kind_transition` if not given)
    columns: tuple[str, ...] = PERSONAS  # the personas of the rows' codes, in order
    fixtures: tuple[str, ...] = ()  # the fixtures making the columns not in the cast
    on_other: tuple[str, ...] = (PAGE,)  # the channels fired at the other owner's object

    def cells(self, name: str, table: list[Row]) -> list[Any]:
        """One case per row and channel: `test_…[proposal-approve@in_committee-api]`."""
        return [
            pytest.param(self, row, channel, id=f"{name}-{row.name}@{row.state}-{channel}")
            for row in table
            for channel in self.channels
        ]

    def like(self, **changes: Any) -> Kind:
        """Another kind of the same process: these fields changed, the rest shared."""
        return dataclasses.replace(self, **changes)


def matrix_test(**tables: tuple[Kind, list[Row]]) -> Callable[..., None]:
    """The test checking every row of `tables` ({name: (kind, rows)}), one case per row
    and channel; a test module assigns it to a `test_…` name."""

    @pytest.mark.parametrize(
        ("kind", "row", "channel"),
        [cell for name, (kind, rows) in tables.items() for cell in kind.cells(name, rows)],
    )
    def test(
        cast: Any,
        django_capture_on_commit_callbacks: Any,
        mailoutbox: list[Any],
        request: pytest.FixtureRequest,
        kind: Kind,
        row: Row,
        channel: str,
    ) -> None:
        for fixture in kind.fixtures:
            request.getfixturevalue(fixture)
        check_row(
            kind, row, channel, capture=django_capture_on_commit_callbacks, mailbox=mailoutbox
        )

    return test


def codes(row: str, columns: tuple[str, ...] = PERSONAS) -> dict[str, int]:
    """`"200 404 …"` read as {persona: expected answer}, one code per column of HEADER
    (or of `columns`)."""
    return dict(zip(columns, (int(code) for code in row.split()), strict=True))


def actor_of(expected: dict[str, int]) -> str:
    (actor,) = [persona for persona, code in expected.items() if code == DONE]
    return actor


def allowed(expected: dict[str, int]) -> list[str]:
    """The personas who may fire it, in the order of the columns."""
    return [persona for persona in expected if expected[persona] == DONE]


def counterparts(kind: Kind) -> dict[str, str]:
    """Each owner's persona -> the other owner's persona in the same place."""
    one, other = ((mine,) if isinstance(mine, str) else mine for mine in kind.owners.values())
    pairs = dict(zip(one, other, strict=True))
    return {**pairs, **{b: a for a, b in pairs.items()}}


def foreign(kind: Kind, expected: dict[str, int]) -> dict[str, int]:
    """The answers on the other owner's object: the owners' columns swap, pair by pair,
    and the strangers no longer see it."""
    swapped = {persona: expected[counterparts(kind).get(persona, persona)] for persona in expected}
    return {**swapped, **dict.fromkeys(kind.strangers, 404)}


def refusal(kind: Kind, row: Row, actor: str) -> str:
    for key in (f"{row.name}@{row.state}", row.name, actor):
        if key in kind.refusals:
            return kind.refusals[key]
    raise KeyError(f"{row.name}@{row.state}: no refusal given")


def client(user: User | None, channel: str) -> Client:
    """A client logged in as `user` (None: an anonymous visitor)."""
    web = APIClient() if channel == API else Client()
    if user is not None:
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


def offers(
    path: str, users: dict[str, User], columns: tuple[str, ...] = PERSONAS
) -> dict[str, list[str]]:
    """The transitions the API offers each persona at `path` (none if it does not see it)."""
    offered = {}
    for persona in columns:
        response = client(users.get(persona), API).get(path)
        offered[persona] = (
            [o["name"] for o in response.json()] if response.status_code == 200 else []
        )
    return offered


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


def check_row(kind: Kind, row: Row, channel: str, *, capture: Any, mailbox: list[Any]) -> Any:
    """Fire `row` as every persona through `channel`, as the module's docstring says;
    returns the object once moved on."""
    columns = kind.columns
    users = {user.username: user for user in User.objects.filter(username__in=columns)}
    expected = codes(row.codes, columns)
    actor = row.by or actor_of(expected)
    reason = refusal(kind, row, actor)
    owner, other_owner = kind.owners
    if channel in kind.on_other:
        expected = foreign(kind, expected)
        owner = other_owner
        actor = counterparts(kind).get(actor, actor)
    if channel == PAGE:
        expected = {p: LOGIN if code == UNAUTHENTICATED else code for p, code in expected.items()}
    doers = allowed(expected)
    obj = kind.build(row.state, owner)
    source_state = obj.status
    app, name = kind.route.split(":")
    api_path = f"{kind.api or f'/api/v1/{name}s/'}{obj.pk}/transitions/"
    if channel == API:
        offered = offers(api_path, users, columns)
        assert [persona for persona in columns if row.name in offered[persona]] == doers

    def fire(persona: str) -> Any:
        web = client(users.get(persona), channel)
        with capture(execute=True):
            if channel == API:
                return web.post(f"{api_path}{row.name}/", kind.inputs, format="json")
            page = reverse(kind.page or f"{app}:{name}_transition", args=[obj.pk, row.name])
            return web.post(page, kind.inputs)

    mailbox.clear()
    before, rows_before = kind.snapshot(obj), history(obj)
    answers = {}
    for persona in columns:
        if persona not in doers:
            response = fire(persona)
            answers[persona] = response.status_code
            if channel == API and response.status_code == REFUSED:
                assert response.json()["detail"] == reason, persona
    assert answers == {persona: code for persona, code in expected.items() if persona not in doers}
    assert kind.snapshot(obj) == before, "a refused persona changed something"
    assert mailbox == [], "a refused transition mails no one"
    unmet = [persona for persona in columns if answers.get(persona) == UNMET]
    written = [entry[1:] for entry in history(obj)[len(rows_before) :]]
    assert [entry for entry in written if entry[2] not in unmet] == [
        (row.name, Outcome.REFUSED, persona, channel, reason)
        for persona in columns
        if answers.get(persona) == REFUSED
    ]
    assert [entry[:4] for entry in written if entry[2] in unmet] == [
        (row.name, Outcome.REFUSED, persona, channel) for persona in unmet
    ]

    done = fire(actor)
    assert done.status_code == DONE_ANSWER[channel], done.content[:500]
    target = kind.targets[row.name]
    if channel == API:
        assert done.json()["status"] == target
    obj.refresh_from_db()
    assert obj.status == target
    assert done_row(obj, row.name) == (actor, channel, source_state, target)
    assert recipients(mailbox) == sorted(kind.addresses(row.told, obj))
    return obj
