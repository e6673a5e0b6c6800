"""Who may fire each transition, read as a matrix: every transition against every
persona of the demo cast, on the demo proposal (of the Paris association, whose
member is assoc_paris) brought to a state where the transition is possible.

200: allowed, and the state moved on. 403: the persona sees the proposal but may
not do this; nothing changes and the attempt is recorded. 404: the persona may
not see the proposal; nothing changes and its existence is not leaked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from audit.models import HistoryEntry, Outcome
from workflows.models import Proposal, Tranche

# The columns of the tables below, in order.
PERSONAS = (
    "assoc_paris",
    "assoc_brussels",
    "officer",
    "evaluator1",
    "committee",
    "finance",
    "caseworker1",
    "supervisor",
    "focal_paris",
    "auditor",
)

# fmt: off
PROPOSAL_MATRIX = [
    # transition              state            par bru off ev1 com fin cw1 sup foc aud
    ("submit",                "draft",        "200 404 404 404 404 404 404 404 404 404"),
    ("withdraw",              "submitted",    "200 404 403 404 404 404 404 404 404 403"),
    ("return_for_completion", "submitted",    "403 404 200 404 404 404 404 404 404 403"),
    ("resubmit",              "returned",     "200 404 403 404 404 404 404 404 404 403"),
    ("declare_admissible",    "submitted",    "403 404 200 404 404 404 404 404 404 403"),
    ("request_revision",      "in_committee", "403 404 403 403 200 404 404 404 404 403"),
    ("approve",               "in_committee", "403 404 403 403 200 404 404 404 404 403"),
    ("reject",                "in_committee", "403 404 403 403 200 404 404 404 404 403"),
    ("sign_agreement",        "approved",     "403 404 200 403 403 403 404 404 404 403"),
    ("suspend",               "in_execution", "403 404 200 403 403 403 404 404 404 403"),
    ("resume",                "suspended",    "403 404 200 403 403 403 404 404 404 403"),
    ("terminate",             "suspended",    "403 404 200 403 403 403 404 404 404 403"),
    ("complete",              "completable",  "403 404 200 403 403 403 404 404 404 403"),
    ("close",                 "completed",    "403 404 403 403 403 200 404 404 404 403"),
]

TRANCHE_MATRIX = [
    # transition       tranche       par bru off ev1 com fin cw1 sup foc aud
    ("request",        "planned",   "200 404 403 403 403 403 404 404 404 403"),
    ("approve",        "requested", "403 404 200 403 403 403 404 404 404 403"),
    ("return_request", "requested", "403 404 200 403 403 403 404 404 404 403"),
    ("pay",            "approved",  "403 404 403 403 403 200 404 404 404 403"),
    ("cancel",         "planned",   "403 404 200 403 403 403 404 404 404 403"),
]

VISIBILITY_MATRIX = [
    # state           par bru off ev1 com fin cw1 sup foc aud
    ("draft",        "200 404 404 404 404 404 404 404 404 404"),
    ("submitted",    "200 404 200 404 404 404 404 404 404 200"),
    ("returned",     "200 404 200 404 404 404 404 404 404 200"),
    ("under_review", "200 404 200 200 404 404 404 404 404 200"),
    ("in_committee", "200 404 200 200 200 404 404 404 404 200"),
    ("approved",     "200 404 200 200 200 200 404 404 404 200"),
]
# fmt: on

# Where a successful transition leads.
PROPOSAL_TARGET = {
    "submit": "submitted",
    "withdraw": "withdrawn",
    "return_for_completion": "returned",
    "resubmit": "submitted",
    "declare_admissible": "under_review",
    "request_revision": "returned",
    "approve": "approved",
    "reject": "rejected",
    "sign_agreement": "in_execution",
    "suspend": "suspended",
    "resume": "in_execution",
    "terminate": "terminated",
    "complete": "completed",
    "close": "closed",
}
TRANCHE_TARGET = {
    "request": "requested",
    "approve": "approved",
    "return_request": "planned",
    "pay": "paid",
    "cancel": "cancelled",
}

# Every input any transition reads: each takes what it needs and ignores the rest.
PROPOSAL_BODY = {
    "comment": "Motif de la décision.",
    "evaluators": ["evaluator1", "evaluator2"],
    "grant_amount": 8_000_000,
}
TRANCHE_BODY = {
    "report": "Forage réalisé à 60 m.",
    "payment_reference": "VIR-2024-001",
    "comment": "Motif de la décision.",
}


def cells(table: Sequence[tuple[str, ...]]) -> list[Any]:
    """One case per (row, persona): `test_…[approve-committee]`."""
    return [
        pytest.param(*row[:-1], who, int(expected), id=f"{row[0]}-{who}")
        for row in table
        for who, expected in zip(PERSONAS, row[-1].split(), strict=True)
    ]


def refusals_by(obj: Any, user: Any, action: str) -> int:
    return (
        HistoryEntry.objects.for_object(obj)
        .filter(by=user, action=action, outcome=Outcome.REFUSED)
        .count()
    )


@pytest.mark.parametrize(("name", "state", "who", "expected"), cells(PROPOSAL_MATRIX))
def test_who_may_fire_each_proposal_transition(
    proposal_in: Any,
    persona: Any,
    api_for: Any,
    name: str,
    state: str,
    who: str,
    expected: int,
) -> None:
    proposal = proposal_in(state)
    before = proposal.status
    user = persona(who)
    response = api_for(user).post(
        f"/api/v1/proposals/{proposal.pk}/transitions/{name}/", PROPOSAL_BODY, format="json"
    )
    assert response.status_code == expected, response.content
    now = Proposal.objects.get(pk=proposal.pk).status
    if expected == 200:
        assert response.json()["status"] == PROPOSAL_TARGET[name] == now
    else:
        assert now == before
        assert response.json()["detail"]
        assert "reference" not in response.json()
        assert refusals_by(proposal, user, name) == (1 if expected == 403 else 0)


@pytest.mark.parametrize(("name", "state", "who", "expected"), cells(TRANCHE_MATRIX))
def test_who_may_fire_each_tranche_transition(
    tranche_in: Any,
    persona: Any,
    api_for: Any,
    name: str,
    state: str,
    who: str,
    expected: int,
) -> None:
    tranche = tranche_in(state)
    user = persona(who)
    response = api_for(user).post(
        f"/api/v1/tranches/{tranche.pk}/transitions/{name}/", TRANCHE_BODY, format="json"
    )
    assert response.status_code == expected, response.content
    now = Tranche.objects.get(pk=tranche.pk).status
    if expected == 200:
        assert response.json()["status"] == TRANCHE_TARGET[name] == now
    else:
        assert now == state
        assert "amount" not in response.json()
        assert refusals_by(tranche, user, name) == (1 if expected == 403 else 0)


@pytest.mark.parametrize(("state", "who", "expected"), cells(VISIBILITY_MATRIX))
def test_who_sees_a_proposal_at_each_stage(
    proposal_in: Any, persona: Any, api_for: Any, state: str, who: str, expected: int
) -> None:
    proposal = proposal_in(state)
    client = api_for(persona(who))
    for path in ("", "history/", "tranches/", "documents/", "transitions/"):
        response = client.get(f"/api/v1/proposals/{proposal.pk}/{path}")
        assert response.status_code == expected, path
    listed = {row["id"] for row in client.get("/api/v1/proposals/").json()["results"]}
    assert (proposal.pk in listed) is (expected == 200)
