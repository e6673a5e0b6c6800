"""The proposal list and the inbox cost the same number of SQL queries for 5 rows as for 50."""

from __future__ import annotations

from typing import Any

import pytest

from audit.models import Source
from workflows import services
from workflows.models import ProposalStatus
from workflows.services import BudgetInput, ContributionInput

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
    # The missions' waiting needs, missions and licences: one query each; the register's
    # reports (the demo data's on the officers' desk among them): one more.
    with django_assert_max_num_queries(MAX_QUERIES + 2):
        response = client.get("/api/v1/tasks/", {"page_size": 100})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [item["task"] for item in results if item["process"] == "proposal"] == ["screen"] * rows


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


def test_each_row_of_the_list_shows_its_own_figures_and_rules(
    make_proposal: Any, officer: Any, token_client: Any
) -> None:
    """The figures are computed once per row and shared by its fields: never another row's."""
    small = [BudgetInput("Forage", 4_000_000)]
    small_contributions = [
        ContributionInput("association", "cash", 2_000_000),
        ContributionInput("community", "in_kind", 1_000_000),
        ContributionInput("state", "cash", 1_000_000),
    ]
    made = [
        make_proposal(ProposalStatus.SUBMITTED),
        make_proposal(ProposalStatus.SUBMITTED, budget=small, contributions=small_contributions),
        make_proposal(ProposalStatus.SUBMITTED),
    ]
    client = token_client(officer)
    rows = {row["id"]: row for row in client.get("/api/v1/proposals/").json()["results"]}
    assert rows[made[1].pk]["figures"]["budget_total"] == 4_000_000
    assert rows[made[0].pk]["figures"]["budget_total"] == 20_000_000
    for proposal in made:
        alone = client.get(f"/api/v1/proposals/{proposal.pk}/").json()
        for name in ("figures", "rules", "grant_headroom", "status_label"):
            assert rows[proposal.pk][name] == alone[name]
