"""`GET /api/v1/stats/proposals/`: the figures of the caller's scope, its filters read
from the query string (400 in words on a bad one), the observatory's roles only."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from observatory.access import scope_of
from observatory.filters import StatsFilters
from observatory.stats.proposals import proposal_stats
from tests.observatory import proposals_scenario as scenarios
from tests.observatory.proposals_scenario import Scenario, observer
from tests.observatory.test_proposal_stats import QUERIES as FIGURES
from workflows.models import Call, Proposal

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats/proposals/"
# The caller's roles, the region named by the filter, and the figures' (see
# test_proposal_stats.py).
QUERIES = 2 + FIGURES


@pytest.fixture
def scenario(cast: dict[str, Any]) -> Scenario:
    return scenarios.build()


def test_the_route_is_named_in_the_api_namespace() -> None:
    assert reverse("api:stats-proposals") == URL


def test_the_answer_holds_every_figure_over_what_the_caller_sees(
    scenario: Scenario, api_for: Any
) -> None:
    proposals = list(
        Proposal.objects.select_related("association__embassy", "region", "prefecture")
    )
    for username in ("officer", "committee", "finance", "focal_paris"):
        answer = api_for(observer(username)).get(URL)
        assert answer.status_code == 200, answer.content
        figures = answer.json()
        whole = username != "focal_paris"
        counted = scenarios.visible_to(username, proposals)
        assert scenarios.comparable(figures) == scenarios.expected(
            counted, list(Call.objects.all()), whole
        )


def test_the_filters_of_the_query_string_narrow_the_figures(
    scenario: Scenario, api_for: Any
) -> None:
    b = scenario.calls["b"]
    answer = api_for(observer("officer")).get(URL, {"call": b.pk, "region": "kara", "q": ""})
    assert answer.status_code == 200, answer.content
    figures = answer.json()
    assert [call["id"] for call in figures["calls"]] == [b.pk]
    assert figures["by_region"] == {"kara": 1}
    assert figures["by_status"] == {"under_review": 1}
    by_year = api_for(observer("officer")).get(URL, {"year": b.year, "embassy": "bruxelles"})
    assert by_year.json()["total"] == 2  # DSSB's under review and in execution


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ({"call": "abc"}, "call", "Appel à projets"),
        ({"call": "999999"}, "call", "Appel à projets"),
        ({"call": "9" * 30}, "call", "Appel à projets"),
        ({"year": "1999"}, "year", "Année"),
        ({"year": "deux mille"}, "year", "Année"),
        ({"region": "atlantide"}, "region", "Région"),
        ({"embassy": "lune"}, "embassy", "Ambassade"),
    ],
)
def test_a_bad_filter_is_a_400_that_says_which_and_why(
    cast: dict[str, Any], api_for: Any, query: dict[str, str], field: str, words: str
) -> None:
    answer = api_for(observer("officer")).get(URL, query)
    assert answer.status_code == 400
    body = answer.json()
    assert body["detail"].startswith(f"{words} : ")
    assert list(body["errors"]) == [field]


def test_two_bad_filters_are_both_named(cast: dict[str, Any], api_for: Any) -> None:
    body = api_for(observer("officer")).get(URL, {"year": "x", "region": "y"}).json()
    assert set(body["errors"]) == {"year", "region"}
    assert "Année" in body["detail"] and "Région" in body["detail"]


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("evaluator1", 403),
        ("assoc_paris", 403),
        ("caseworker1", 403),
        (None, 401),
    ],
)
def test_who_is_not_an_observer_is_refused(
    cast: dict[str, Any], api_for: Any, username: str | None, status: int
) -> None:
    caller: User | None = observer(username) if username else None
    answer = api_for(caller).get(URL)
    assert answer.status_code == status
    assert answer.json()["detail"]
    if status == 403:
        assert "observatoire" in answer.json()["detail"]


def test_the_refusal_comes_before_the_filters_are_read(cast: dict[str, Any], api_for: Any) -> None:
    assert api_for(observer("evaluator1")).get(URL, {"year": "x"}).status_code == 403


def test_the_answer_takes_a_bounded_number_of_queries(scenario: Scenario, api_for: Any) -> None:
    client = api_for(observer("officer"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"region": "plateaux"}).status_code == 200
    assert len(queries) == QUERIES, [q["sql"] for q in queries]


def test_the_api_answers_what_the_function_counts(scenario: Scenario, api_for: Any) -> None:
    scope = scope_of(observer("auditor"))
    assert scope is not None
    assert api_for(observer("auditor")).get(URL).json() == proposal_stats(scope, StatsFilters())


def test_a_cell_supervisor_who_sees_no_proposal_gets_no_co_realisation_figures(
    cast: dict[str, Any], api_for: Any
) -> None:
    answer = api_for(observer("supervisor")).get(URL)
    assert answer.status_code == 403
    assert "coréalisation" in answer.json()["detail"]
