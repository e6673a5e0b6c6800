"""The proposal list and the inbox cost the same number of SQL queries for 5 rows as for 50."""

from __future__ import annotations

from typing import Any

import pytest

from audit.models import Source
from workflows import services
from workflows.models import ProposalStatus

# Token lookup, roles, a member's associations, the page itself, and one prefetch each
# for budget lines and contributions (the rules' verdicts are computed from them).
MAX_QUERIES = 6


@pytest.fixture
def proposals(make_proposal: Any, cast: dict[str, Any]) -> Any:
    """`proposals(n, submitted=True)`: n proposals of the Paris association."""

    def make(count: int, submitted: bool = True) -> list[Any]:
        state = ProposalStatus.SUBMITTED if submitted else ProposalStatus.DRAFT
        return [make_proposal(state) for _ in range(count)]

    return make


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize("who", ["assoc_paris", "officer", "auditor"])
def test_the_proposal_list_costs_a_fixed_number_of_queries(
    proposals: Any,
    persona: Any,
    token_client: Any,
    django_assert_max_num_queries: Any,
    who: str,
    rows: int,
) -> None:
    proposals(rows)
    client = token_client(persona(who))
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/api/v1/proposals/", {"page_size": 100})
    assert response.status_code == 200
    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_the_officers_inbox_costs_a_fixed_number_of_queries(
    proposals: Any,
    officer: Any,
    token_client: Any,
    django_assert_max_num_queries: Any,
    rows: int,
) -> None:
    proposals(rows)
    client = token_client(officer)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/api/v1/tasks/")
    assert response.status_code == 200
    assert [item["task"] for item in response.json()["results"]] == ["screen"] * rows


@pytest.mark.parametrize("rows", [5, 50])
def test_an_evaluators_inbox_costs_a_fixed_number_of_queries(
    proposals: Any,
    cast: dict[str, Any],
    evaluator1: Any,
    token_client: Any,
    django_assert_max_num_queries: Any,
    rows: int,
) -> None:
    for proposal in proposals(rows):
        services.proposal_declare_admissible(
            proposal=proposal,
            by=cast["users"]["officer"],
            source=Source.WEB,
            evaluators=["evaluator1", "evaluator2"],
        )
    client = token_client(evaluator1)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/api/v1/tasks/")
    assert response.status_code == 200
    assert [item["task"] for item in response.json()["results"]] == ["review"] * rows
