"""The in-process table: each measured page through Django's test client, warm.

For every row: `warmup` requests first, then `runs` timed requests (medians kept of the
wall-clock time and of this process's CPU time, which leaves out the database server's
work and the waits of a busy machine), then one more with its queries counted. Ratios
are to the trivial logged-in page (`/bench/ping/`, see bench/urls.py) measured the same
way in the same process.

`subjects()` finds (or makes, through the services) what the pages are about: the
proposals the transition pair moves back and forth (the association ARKF's, all
submitted, titled `POOL_TITLE`), and the proposal whose page is measured.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib.auth.models import User
from django.db import connection, reset_queries
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

POOL_TITLE = "Projet du banc d'essai"
OFFICER, MEMBER, SUPERVISOR = "officer", "assoc_paris", "supervisor"
RETURN, RESUBMIT = "return_for_completion", "resubmit"
COMMENT = "Joignez le devis du forage."


@dataclass(frozen=True)
class Subjects:
    pool: list[int]  # submitted proposals of ARKF, moved by the transition pair
    detail: int  # the proposal whose page is measured


@dataclass
class Row:
    label: str
    queries: int
    median_ms: float
    cpu_ms: float  # the median CPU time of this process (the database's own excluded)
    ratio: float = 0.0


def subjects(pool_size: int) -> Subjects:
    """The pool of submitted proposals (made through the services when missing), and the
    proposal shown on the measured page: the officer's fullest (in execution, with
    reviews, tranches and history) when the data set has one, else one of the pool."""
    from django.utils import timezone

    from tests.workflows.builders import make_proposal
    from workflows.demo import CALL_TITLE
    from workflows.models import Call, Proposal, ProposalStatus

    def pool_ids() -> list[int]:
        return list(
            Proposal.objects.filter(
                title=POOL_TITLE, status=ProposalStatus.SUBMITTED, association__acronym="ARKF"
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:pool_size]
        )

    found = pool_ids()
    # The demo's open call (a large data set also has past calls of the same title).
    call = Call.objects.filter(title=CALL_TITLE, year=timezone.localdate().year).first()
    for _ in range(pool_size - len(found)):
        make_proposal(in_state=ProposalStatus.SUBMITTED, title=POOL_TITLE, call=call)
    pool = pool_ids()
    fullest = (
        Proposal.objects.filter(status=ProposalStatus.IN_EXECUTION)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return Subjects(pool=pool, detail=fullest or pool[0])


def logged_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _row(label: str, queries: int, samples: list[tuple[float, float]]) -> Row:
    """The row of a page: medians of the wall-clock and CPU times, in milliseconds."""
    wall = statistics.median(s[0] for s in samples) * 1000
    return Row(label, queries, wall, statistics.median(s[1] for s in samples) * 1000)


def _timed(send: Callable[[], HttpResponse], expect: int) -> tuple[float, float]:
    """The wall-clock and CPU seconds of one request, which must answer `expect`."""
    started, cpu = time.perf_counter(), time.process_time()
    response = send()
    elapsed = time.perf_counter() - started, time.process_time() - cpu
    if response.status_code != expect:
        raise RuntimeError(f"{response.status_code} instead of {expect}: {response!r}")
    return elapsed


def captured(send: Callable[[], HttpResponse]) -> tuple[HttpResponse, list[dict[str, str]]]:
    """The answer and the queries of one request."""
    # The request empties the query log when it starts: it must be empty already, or
    # the context (which counts from the log's length at its start) would skip some.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = send()
    return response, queries.captured_queries


def _counted(send: Callable[[], HttpResponse]) -> int:
    return len(captured(send)[1])


def _page(label: str, client: Client, path: str, runs: int, warmup: int) -> Row:
    def send() -> HttpResponse:
        return client.get(path)

    for _ in range(warmup):
        _timed(send, 200)
    samples = [_timed(send, 200) for _ in range(runs)]
    return _row(label, _counted(send), samples)


def _pair(
    kind: str, clients: dict[str, Client], pool: list[int], runs: int, warmup: int
) -> list[Row]:
    """return_for_completion (officer) then resubmit (member) on each pool proposal in
    turn, over the pages (`web`: form post, answered by a redirect) or the API."""
    from workflows.models import Proposal

    def post(username: str, pk: int, name: str, state: str) -> HttpResponse:
        data = {"expected_state": state, **({"comment": COMMENT} if name == RETURN else {})}
        if kind == "web":
            return clients[username].post(f"/projects/proposals/{pk}/transitions/{name}/", data)
        return clients[username].post(
            f"/api/v1/proposals/{pk}/transitions/{name}/", data, content_type="application/json"
        )

    expect = 302 if kind == "web" else 200
    steps = ((OFFICER, RETURN, "submitted"), (MEMBER, RESUBMIT, "returned"))
    times: dict[str, list[tuple[float, float]]] = {RETURN: [], RESUBMIT: []}
    counts: dict[str, int] = {}
    for number in range(warmup + runs + 1):
        pk = pool[number % len(pool)]
        for username, name, state in steps:
            send = partial(post, username, pk, name, state)
            if number == warmup + runs:
                counts[name] = _counted(send)
            elif number >= warmup:
                times[name].append(_timed(send, expect))
            else:
                _timed(send, expect)
        status = Proposal.objects.values_list("status", flat=True).get(pk=pk)
        if status != "submitted":  # a refused transition also answers with a redirect
            raise RuntimeError(f"proposal {pk} is {status} after the pair: a transition failed")
    return [
        _row(f"transition {kind}: {name}", counts[name], times[name]) for name in (RETURN, RESUBMIT)
    ]


def measure(found: Subjects, runs: int = 30, warmup: int = 3) -> list[Row]:
    """Every row of the table, the baseline first, each ratio to the baseline."""
    clients = {name: logged_in(name) for name in (OFFICER, MEMBER, SUPERVISOR)}
    officer = clients[OFFICER]
    detail = f"/projects/proposals/{found.detail}/"
    rows = [
        _page("baseline: trivial logged-in page", officer, "/bench/ping/", runs, warmup),
        *_pair("web", clients, found.pool, runs, warmup),
        *_pair("API", clients, found.pool, runs, warmup),
        _page("proposal list page (officer)", officer, "/projects/proposals/", runs, warmup),
        _page("/api/v1/proposals/ (officer, 50 rows)", officer, "/api/v1/proposals/", runs, warmup),
        _page("/tasks/ (assoc_paris)", clients[MEMBER], "/tasks/", runs, warmup),
        _page("proposal page (officer)", officer, detail, runs, warmup),
        _page("case list page (supervisor)", clients[SUPERVISOR], "/cases/", runs, warmup),
    ]
    baseline = rows[0].median_ms
    for row in rows:
        row.ratio = row.median_ms / baseline
    return rows


def markdown(rows: list[Row], heading: str) -> str:
    lines = [
        heading,
        "",
        "| | queries | median ms | × baseline | CPU ms | CPU × baseline |",
        "|---|---:|---:|---:|---:|---:|",
        *(
            f"| {r.label} | {r.queries} | {r.median_ms:.1f} | {r.ratio:.1f} "
            f"| {r.cpu_ms:.1f} | {r.cpu_ms / rows[0].cpu_ms:.1f} |"
            for r in rows
        ),
    ]
    return "\n".join(lines) + "\n"
