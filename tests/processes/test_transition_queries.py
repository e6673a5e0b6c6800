"""Every transition costs a small, fixed number of SQL queries, on its page and over the
API: the session and its user, the object read and locked once, its access decision,
the write, the flow's task moved on, and the history row.

Each row of the transition matrices (tests/workflows/test_transition_matrix.py,
tests/cases/test_transition_matrix.py) is fired once by the persona who may, on an
object brought to the row's state; the association's verification and rejection are
fired by the embassy's focal point. What runs after the commit (mails, PDFs) is not
counted: it is queued for after the answer.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import Association
from tests.cases.test_transition_matrix import CASE_MATRIX, CASES, REFERRAL_MATRIX, REFERRALS
from tests.matrix import API, PAGE, Kind, Row, actor_of, client, codes
from tests.workflows.test_transition_matrix import (
    PROPOSAL_MATRIX,
    PROPOSALS,
    TRANCHE_MATRIX,
    TRANCHES,
)

# The most any transition may cost, on its page or over the API.
MAX_QUERIES = 15
# Over MAX_QUERIES still, each at its figure (they cost 16 to 46 before): what they
# do besides the common path (a process started, reviews or tranches written, a
# document's rows, the answer's relations read).
BEYOND = {
    "case-approve_closure@closure_requested-api": 16,
    "case-approve_closure@closure_requested-web": 16,
    "case-approve_plan@plan_submitted-api": 16,
    "case-approve_plan@plan_submitted-web": 16,
    "case-reopen@closed-api": 22,
    "case-reopen@closed-web": 22,
    "case-submit_plan@plan_ready-api": 17,
    "case-submit_plan@plan_ready-web": 17,
    "proposal-approve@in_committee-api": 19,
    "proposal-approve@in_committee-web": 17,
    "proposal-close@completed-api": 17,
    "proposal-complete@ready_to_complete-api": 17,
    "proposal-declare_admissible@submitted-api": 23,
    "proposal-declare_admissible@submitted-web": 22,
    "proposal-submit@draft-api": 20,
    "proposal-submit@draft-web": 20,
    "proposal-terminate@suspended-api": 20,
    "proposal-terminate@suspended-web": 17,
    "tranche-approve@requested-web": 16,
    "tranche-request@planned-api": 17,
    "tranche-request@planned-web": 19,
    "tranche-return_request@requested-api": 19,
    "tranche-return_request@requested-web": 21,
}


def cells() -> list[Any]:
    tables = {
        "proposal": (PROPOSALS, PROPOSAL_MATRIX),
        "tranche": (TRANCHES, TRANCHE_MATRIX),
        "case": (CASES, CASE_MATRIX),
        "referral": (REFERRALS, REFERRAL_MATRIX),
    }
    return [
        pytest.param(kind, row, channel, id=f"{name}-{row.name}@{row.state}-{channel}")
        for name, (kind, rows) in tables.items()
        for row in rows
        for channel in (API, PAGE)
    ]


def fired(kind: Kind, row: Row, channel: str, users: dict[str, Any], capture: Any) -> Any:
    """The answer to `row` fired by its actor on the owner's object, and its queries."""
    actor = actor_of(codes(row.codes))
    owner = next(iter(kind.owners))
    obj = kind.build(row.state, owner)
    app, name = kind.route.split(":")
    web = client(users[actor], channel)
    with capture(), CaptureQueriesContext(connection) as queries:
        if channel == API:
            path = f"/api/v1/{name}s/{obj.pk}/transitions/{row.name}/"
            response = web.post(path, {**kind.inputs, "expected_state": obj.status}, format="json")
        else:
            page = reverse(f"{app}:{name}_transition", args=[obj.pk, row.name])
            response = web.post(page, {**kind.inputs, "expected_state": obj.status})
    return response, queries


def counted(queries: CaptureQueriesContext) -> list[str]:
    """The request's queries but the savepoint the test's own transaction turns its
    outermost atomic block into (outside a test, a BEGIN and a COMMIT, not counted)."""
    sql = [q["sql"] for q in queries]
    outermost = next((s.split()[-1] for s in sql if s.startswith("SAVEPOINT ")), None)
    return [s for s in sql if outermost is None or not s.endswith(f"SAVEPOINT {outermost}")]


def spent(queries: CaptureQueriesContext) -> str:
    sql = counted(queries)
    return f"{len(sql)} queries:\n" + "\n".join(s[:300] for s in sql)


@pytest.mark.parametrize(("kind", "row", "channel"), cells())
def test_every_transition_costs_a_few_queries(
    cast: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
    kind: Kind,
    row: Row,
    channel: str,
) -> None:
    response, queries = fired(kind, row, channel, cast["users"], django_capture_on_commit_callbacks)
    assert response.status_code in (200, 302), response.content[:500]
    most = BEYOND.get(f"{kind.route.split(':')[1]}-{row.name}@{row.state}-{channel}", MAX_QUERIES)
    assert len(counted(queries)) <= most, spent(queries)


@pytest.mark.parametrize("name", ["verify", "reject"])
@pytest.mark.parametrize("channel", [API, PAGE])
def test_the_association_transitions_cost_a_few_queries(
    cast: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
    channel: str,
    name: str,
) -> None:
    association = Association.objects.get(acronym="AOKL")
    web = client(cast["users"]["focal_paris"], channel)
    body = {"comment": "Pièces introuvables.", "expected_state": association.status}
    with django_capture_on_commit_callbacks(), CaptureQueriesContext(connection) as queries:
        if channel == API:
            path = f"/api/v1/associations/{association.pk}/transitions/{name}/"
            response = web.post(path, body, format="json")
        else:
            response = web.post(
                reverse(f"registry:association_{name}", args=[association.pk]), body
            )
    assert response.status_code in (200, 302), response.content[:500]
    association.refresh_from_db()
    assert association.status == {"verify": "verified", "reject": "rejected"}[name]
    assert len(counted(queries)) <= MAX_QUERIES, spent(queries)
