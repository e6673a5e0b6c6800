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


class Read(Benched):
    abstract = True
    persona = path = name = ""

    @task
    def read(self) -> None:
        self.send(self.persona, self.path.format(detail=PLAN["detail"]), self.name)


# The read scenarios: user class, persona, page, name in locust's statistics.
READS = [
    ("Ping", "officer", "/bench/ping/", "trivial page"),
    ("ProposalList", "officer", "/projects/proposals/", "proposal list page"),
    ("ApiProposals", "officer", "/api/v1/proposals/", "/api/v1/proposals/"),
    ("Inbox", "assoc_paris", "/tasks/", "/tasks/"),
    ("ProposalPage", "officer", "/projects/proposals/{detail}/", "proposal page"),
    ("CaseList", "supervisor", "/cases/", "case list page"),
]
for class_name, persona, path, name in READS:
    globals()[class_name] = type(
        class_name, (Read,), {"persona": persona, "path": path, "name": name}
    )


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
