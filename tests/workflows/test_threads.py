"""A status reloaded from the database in one thread never trips a transition in another.

django-fsm-2's own `refresh_from_db` lifts the `protected` flag of the status *field*
(shared by every instance in every thread) while it reloads one instance: a second
thread reloading another instance meanwhile found the flag in the wrong position and
failed with « Direct status modification is not allowed » (a 500 under a threaded
server). The project's state models reload their status without touching the field.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models.signals import post_init

from tests.concurrency import COMMITTED
from workflows.models import Proposal, ProposalStatus

S = ProposalStatus
WAIT = 20


def test_a_direct_status_assignment_is_still_refused(
    make_proposal: Callable[..., Proposal],
) -> None:
    proposal = make_proposal()
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        proposal.status = S.APPROVED
    proposal.refresh_from_db()
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        proposal.status = S.APPROVED
    assert Proposal.objects.get(pk=proposal.pk).status == S.DRAFT


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_threads_reloading_two_proposals_at_the_same_moment_both_succeed(
    make_proposal: Callable[..., Proposal],
) -> None:
    """Thread A is stopped inside its reload (after the flag would be lifted), thread B
    starts its own reload and is stopped inside it; A finishes, then B finishes."""
    first, second = make_proposal(), make_proposal()
    status_field = Proposal._meta.get_field("status")
    a_inside, b_inside, a_done = threading.Event(), threading.Event(), threading.Event()
    seen_flags: list[bool] = []
    errors: dict[str, BaseException] = {}

    def pause_inside_reload(sender: Any, instance: Proposal, **kwargs: Any) -> None:
        name = threading.current_thread().name
        if name == "A" and not a_inside.is_set():
            seen_flags.append(status_field.protected)
            a_inside.set()
            b_inside.wait(WAIT)
        elif name == "B" and not b_inside.is_set():
            seen_flags.append(status_field.protected)
            b_inside.set()
            a_done.wait(WAIT)

    def reload(proposal: Proposal, after: threading.Event | None) -> None:
        try:
            if after is not None:
                after.wait(WAIT)
            proposal.refresh_from_db()
        except BaseException as exc:  # reported by the test below
            errors[threading.current_thread().name] = exc
        finally:
            if threading.current_thread().name == "A":
                a_done.set()
            connection.close()

    post_init.connect(pause_inside_reload, sender=Proposal, weak=False)
    try:
        threads = [
            threading.Thread(target=reload, args=(first, None), name="A"),
            threading.Thread(target=reload, args=(second, a_inside), name="B"),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(WAIT * 3)
    finally:
        post_init.disconnect(pause_inside_reload, sender=Proposal)

    assert a_inside.is_set() and b_inside.is_set()
    assert errors == {}
    # Nobody lifted the protection of every other instance while reloading one.
    assert seen_flags == [True, True]
    assert status_field.protected is True
    assert first.status == second.status == S.DRAFT


THREADS = 24
ROUNDS = 2


def _post_json(url: str, body: dict[str, Any], token: str | None = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    for _attempt in range(5):
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:
                return answer.status, json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")[:300]
        except (ConnectionResetError, urllib.error.URLError):
            # The development server's listen queue overflowed: the request never
            # reached Django. Sent again; one that had been handled would answer 409.
            time.sleep(0.2)
    return 0, "the server never accepted the connection"


def _declare_admissible(
    server: str,
    token: str,
    proposal_id: int,
    barrier: threading.Barrier,
    statuses: list[Any],
    index: int,
) -> None:
    url = f"{server}/api/v1/proposals/{proposal_id}/transitions/declare_admissible/"
    barrier.wait(WAIT)
    statuses[index] = _post_json(url, {"evaluators": ["evaluator1", "evaluator2"]}, token)


@COMMITTED[0]
@COMMITTED[1]
def test_many_proposals_declared_admissible_at_once_on_a_threaded_server(
    live_server: Any, make_proposal: Callable[..., Proposal]
) -> None:
    """24 officers' requests at the same moment, each on its own proposal, on the
    threaded development server: every one is a 200, none a 500."""
    status, answer = _post_json(
        f"{live_server.url}/api/v1/auth/token/", {"username": "officer", "password": "demo"}
    )
    assert status == 200, answer
    token = answer["token"]
    for round_number in range(1, ROUNDS + 1):
        proposals = [make_proposal(S.SUBMITTED) for _ in range(THREADS)]
        barrier = threading.Barrier(THREADS)
        statuses: list[Any] = [None] * THREADS

        threads = [
            threading.Thread(
                target=_declare_admissible,
                args=(live_server.url, token, proposal.pk, barrier, statuses, index),
            )
            for index, proposal in enumerate(proposals)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(180)

        failures = [answer for answer in statuses if answer is None or answer[0] != 200]
        assert failures == [], f"round {round_number}: {failures}"
        assert set(
            Proposal.objects.filter(pk__in=[p.pk for p in proposals]).values_list(
                "status", flat=True
            )
        ) == {S.UNDER_REVIEW}
