"""The reintegration figures (`observatory.stats.cases.case_stats`) and
`GET /api/v1/stats/cases/`: every figure shown equals the count made row by row over
the cases each scope may see, every small count is masked, focal points and auditors
see no prefecture, the query count is bounded."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from audit.models import Source
from cases.models import Case
from observatory.access import scope_of
from observatory.filters import StatsFilters
from observatory.stats.cases import case_stats
from registry.models import Embassy, Region
from registry.services import focal_point_grant
from tests.factories import UserFactory
from tests.observatory.cases_scenario import MASK, assert_shows, build, cases_of, direct

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats/cases/"
# The jurisdictions' countries and the frequent ones, the regions' codes and the
# prefectures', every count of cases (one pass), referrals, scores.
QUERIES = 7


@pytest.fixture
def scenario(cast: dict[str, Any]) -> None:
    build()
    focal: Any = UserFactory(username="focal_bruxelles", roles=[Role.EMBASSY_FOCAL_POINT])
    focal_point_grant(
        user=focal,
        embassy=Embassy.objects.get(code="bruxelles"),
        by=User.objects.get(username="admin"),
        source=Source.COMMAND,
    )


def stats_of(username: str, filters: StatsFilters | None = None) -> dict[str, Any]:
    scope = scope_of(User.objects.get(username=username))
    assert scope is not None
    return case_stats(scope, filters or StatsFilters())


# Whose figures count which cases, and in how much detail.
SCOPES = {
    "supervisor": (None, True),
    "officer": (None, True),
    "committee": (None, True),
    "finance": (None, True),
    "admin": (None, True),
    "auditor": (None, False),
    "focal_paris": (["paris"], False),
    "focal_bruxelles": (["bruxelles"], False),
}


@pytest.mark.parametrize("username", list(SCOPES))
def test_every_figure_shown_is_the_direct_count(scenario: None, username: str) -> None:
    embassies, detail = SCOPES[username]
    figures = stats_of(username)
    shown = assert_shows(figures, direct(cases_of(embassies), embassies, detail))
    assert shown > 0  # not everything hidden
    assert ("by_prefecture" in figures) is detail


def test_the_whole_programme_in_numbers(scenario: None) -> None:
    figures = stats_of("supervisor")
    every = Case.objects.count()
    assert figures["total"] == every
    libya = Case.objects.filter(returned_from="LY").count()
    assert figures["by_host_country"]["LY"] == libya
    # Niger: eight returnees, not an embassy's country; one from Chad counts as "other".
    assert figures["by_host_country"]["NE"] == Case.objects.filter(returned_from="NE").count()
    assert figures["by_host_country"]["other"] == MASK
    assert "TD" not in figures["by_host_country"]
    # Two regions without a case: shown as "<5" like any small count, zero included.
    assert list(figures["by_region"].values()).count(MASK) >= 2
    assert figures["by_status"]["closed"] == Case.objects.filter(status="closed").count()
    # Health: 40 referrals, 15 completed, 10 accepted long overdue (every sixth case).
    health = figures["referrals"]["health"]
    assert health["completed"] == 15
    assert health["completion_rate"] == round(15 / health["total"], 3)
    assert health["overdue"] == 10
    # Business: 15 referrals, all overdue; showing the 15 would tell that none is done.
    assert figures["referrals"]["business"] == {
        "total": 15,
        "completed": MASK,
        "completion_rate": None,
        "overdue": MASK,
    }
    assert figures["scores_by_round"][0]["count"] == 45
    assert all(figures["scores"][name] is not None for name in ("economic", "composite"))


def test_a_focal_point_counts_the_cases_returned_from_its_jurisdiction(scenario: None) -> None:
    paris, brussels = stats_of("focal_paris"), stats_of("focal_bruxelles")
    assert set(paris["by_host_country"]) == {"ES", "FR", "MC", "PT"}
    assert paris["by_host_country"]["FR"] == Case.objects.filter(returned_from="FR").count()
    assert paris["by_host_country"]["ES"] == MASK
    assert set(brussels["by_host_country"]) == {"BE", "LU", "NL"}
    assert brussels["by_host_country"]["BE"] == 9
    assert brussels["total"] == 11
    assert "by_prefecture" not in paris and "by_prefecture" not in brussels


def test_the_filters_narrow_the_cases(scenario: None) -> None:
    plateaux = Region.objects.get(code="plateaux")
    figures = stats_of("supervisor", StatsFilters(region=plateaux))
    assert list(figures["by_region"]) == ["plateaux"]
    expected = direct([c for c in cases_of(None) if c.region_id == plateaux.pk], None, True)
    expected["by_region"] = {"plateaux": expected["by_region"]["plateaux"]}
    expected["by_prefecture"] = {
        code: n for code, n in expected["by_prefecture"].items() if code in figures["by_prefecture"]
    }
    assert_shows(figures, expected)
    brussels = stats_of("officer", StatsFilters(embassy=Embassy.objects.get(code="bruxelles")))
    assert brussels["total"] == 11
    year = Case.objects.order_by("return_date").first()
    assert year is not None
    by_year = stats_of("officer", StatsFilters(year=year.return_date.year))
    counted = Case.objects.filter(return_date__year=year.return_date.year).count()
    assert by_year["total"] == (counted if counted >= 5 else MASK)


def test_the_figures_take_a_bounded_number_of_queries(scenario: None) -> None:
    scope = scope_of(User.objects.get(username="supervisor"))
    assert scope is not None
    with CaptureQueriesContext(connection) as queries:
        case_stats(scope, StatsFilters())
    assert len(queries) == QUERIES, [q["sql"] for q in queries]


# --- The API ----------------------------------------------------------------------------


def test_the_route_is_named_in_the_api_namespace() -> None:
    assert reverse("api:stats-cases") == URL


@pytest.mark.parametrize("username", ["supervisor", "auditor", "focal_paris", "officer"])
def test_the_api_answers_the_figures_of_the_callers_scope(
    scenario: None, api_for: Any, username: str
) -> None:
    answer = api_for(User.objects.get(username=username)).get(URL)
    assert answer.status_code == 200, answer.content
    assert answer.json() == stats_of(username)


def test_nothing_in_the_answer_identifies_a_returnee(scenario: None, api_for: Any) -> None:
    text = api_for(User.objects.get(username="supervisor")).get(URL).content.decode()
    for case in Case.objects.all():
        for value in (case.reference, case.last_name, case.phone):
            assert not value or value not in text
    assert "plateaux" in json.loads(text)["by_region"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"year": "1999"}, "year"),
        ({"year": "deux mille"}, "year"),
        ({"region": "atlantide"}, "region"),
        ({"embassy": "lune"}, "embassy"),
    ],
)
def test_a_bad_filter_is_a_400_that_says_which(
    cast: dict[str, Any], api_for: Any, query: dict[str, str], field: str
) -> None:
    answer = api_for(User.objects.get(username="supervisor")).get(URL, query)
    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == [field]


@pytest.mark.parametrize(
    ("username", "status"),
    [("caseworker1", 403), ("evaluator1", 403), ("assoc_paris", 403), (None, 401)],
)
def test_who_is_not_an_observer_is_refused(
    cast: dict[str, Any], api_for: Any, username: str | None, status: int
) -> None:
    caller = User.objects.get(username=username) if username else None
    answer = api_for(caller).get(URL)
    assert answer.status_code == status
    assert answer.json()["detail"]


def test_the_answer_takes_a_bounded_number_of_queries(scenario: None, api_for: Any) -> None:
    client = api_for(User.objects.get(username="supervisor"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"region": "plateaux"}).status_code == 200
    assert len(queries) <= QUERIES + 3, [q["sql"] for q in queries]
