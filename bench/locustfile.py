"""The HTTP load: one user class per measured scenario (bench/run.py runs one at a time).

Reads the plan bench/run.py wrote (`BENCH_PLAN`, JSON): one slot per virtual user, each
with its own signed-in sessions (officer, assoc_paris, supervisor) and its own submitted
proposals, so that concurrent transition pairs never move the same proposal. The
sessions were opened by the harness: no login is part of the load. Every answer must
be the expected status (no redirect followed): anything else counts as an error.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path
from typing import Any

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

PLAN: dict[str, Any] = json.loads(Path(os.environ["BENCH_PLAN"]).read_text())
SLOTS = itertools.count()
COMMENT = "Joignez le devis du forage."


class Benched(FastHttpUser):
    abstract = True
    wait_time = constant(0)

    def on_start(self) -> None:
        self.slot = PLAN["slots"][next(SLOTS) % len(PLAN["slots"])]
        # The cookies go in each request's headers; the session stores none of its own.
        self.client.client.cookiejar = None

    def headers(self, persona: str) -> dict[str, str]:
        csrf = PLAN["csrf"]
        return {
            "Cookie": f"sessionid={self.slot['sessions'][persona]}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
        }

    def send(self, persona: str, path: str, name: str, expect: int = 200, body: Any = None) -> None:
        method = "GET" if body is None else "POST"
        with self.client.request(
            method,
            path,
            name=name,
            headers=self.headers(persona),
            json=body,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} instead of {expect}")


class Ping(Benched):
    @task
    def ping(self) -> None:
        self.send("officer", "/bench/ping/", "trivial page")


class ProposalList(Benched):
    @task
    def proposals(self) -> None:
        self.send("officer", "/projects/proposals/", "proposal list page")


class ApiProposals(Benched):
    @task
    def proposals(self) -> None:
        self.send("officer", "/api/v1/proposals/", "/api/v1/proposals/")


class Inbox(Benched):
    @task
    def inbox(self) -> None:
        self.send("assoc_paris", "/tasks/", "/tasks/")


class ProposalPage(Benched):
    @task
    def proposal(self) -> None:
        self.send("officer", f"/projects/proposals/{PLAN['detail']}/", "proposal page")


class CaseList(Benched):
    @task
    def cases(self) -> None:
        self.send("supervisor", "/cases/", "case list page")


class TransitionPair(Benched):
    """The officer returns one of the slot's proposals for completion, its association
    resubmits it (API: each answer says whether the transition happened)."""

    @task
    def pair(self) -> None:
        for pk in self.slot["pool"]:
            base = f"/api/v1/proposals/{pk}/transitions"
            body = {"comment": COMMENT, "expected_state": "submitted"}
            self.send(
                "officer", f"{base}/return_for_completion/", "return_for_completion", body=body
            )
            body = {"expected_state": "returned"}
            self.send("assoc_paris", f"{base}/resubmit/", "resubmit", body=body)
