"""The difficulties' figures (`observatory.stats.difficulties.difficulty_stats`), the
dashboard's « Difficultés à l'étranger » section and `GET /api/v1/stats/difficulties/`:
each figure shown equals the count made row by row over what each scope sees, every small
count is masked and no median stands on fewer than 5 reports, the observers who do not
see the register and the non-observers are refused in words, the query count is fixed."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from difficulties.choices import REGISTERED_STATES, Category, DifficultyStatus
from difficulties.models import Difficulty
from observatory.access import difficulties_in, scope_of
from observatory.filters import StatsFilters
from observatory.sections import sections_for
from observatory.stats.difficulties import NO_ADMINISTRATION, difficulty_stats
from processes.masking import MASK, OTHER_COUNTRIES, SMALL
from registry.models import Embassy
from tests.difficulties.builders import make_difficulty, reported

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats/difficulties/"
S = DifficultyStatus
# The counts, the reports by country and administration, the administrations' names,
# the jurisdictions' countries, the delays.
QUERIES = 5
RESOLVED, UNRESOLVED = 6, 5


@pytest.fixture
def scenario(cast: dict[str, Any]) -> None:
    """Beside the demo's five reports (four of the Paris jurisdiction: one waiting, one
    referred and overdue, one answered, one merged; one of Senegal at the officers'
    desk): six passport reports from France answered and said resolved, five said
    unresolved, two visa reports from Germany (Berlin's jurisdiction) and one report
    still unconfirmed (never counted)."""
    for _ in range(RESOLVED):
        make_difficulty(S.RESOLVED)
    for _ in range(UNRESOLVED):
        make_difficulty(S.UNRESOLVED)
    officer = User.objects.get(username="officer")
    for _ in range(2):
        make_difficulty(S.REPORTED, by=officer, country="DE", category="visa")
    reported()


def stats_of(username: str, filters: StatsFilters | None = None) -> dict[str, Any]:
    scope = scope_of(User.objects.get(username=username))
    assert scope is not None
    return difficulty_stats(scope, filters or StatsFilters())


def direct(embassy: str | None = None) -> list[Difficulty]:
    reports = Difficulty.objects.filter(status__in=REGISTERED_STATES).select_related("embassy")
    return [d for d in reports if embassy is None or (d.embassy and d.embassy.code == embassy)]


def assert_shows(shown: dict[str, Any], counts: dict[str, int]) -> None:
    """Every count shown is the direct count; every direct count under SMALL is masked."""
    assert set(shown) == set(counts)
    for code, count in counts.items():
        if count < SMALL:
            assert shown[code] == MASK, code
        else:
            assert shown[code] in (count, MASK), code


# --- The figures --------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["officer", "auditor", "admin"])
def test_the_whole_register_in_figures(scenario: None, username: str) -> None:
    stats = stats_of(username)
    reports = direct()
    assert stats["reports"]["total"] == len(reports) == 5 + RESOLVED + UNRESOLVED + 2
    assert_shows(
        stats["reports"]["by_category"],
        {code: Counter(d.category for d in reports)[code] for code in Category.values},
    )
    assert stats["reports"]["by_category"]["passport"] == 2 + RESOLVED + UNRESOLVED
    states = stats["reports"]["by_state"]
    assert_shows(states, {str(s): Counter(d.status for d in reports)[s] for s in REGISTERED_STATES})
    assert (states["resolved"], states["unresolved"]) == (RESOLVED, UNRESOLVED)
    assert "unconfirmed" not in states
    countries = stats["reports"]["by_country"]
    assert countries["FR"] == 3 + RESOLVED + UNRESOLVED
    # Senegal is in no jurisdiction: with the other countries.
    assert countries["DE"] == countries[OTHER_COUNTRIES] == countries["ES"] == MASK
    assert "SN" not in countries
    administrations = stats["reports"]["by_administration"]
    assert administrations["dgdn"] == RESOLVED + UNRESOLVED
    assert administrations[NO_ADMINISTRATION] == MASK  # the waiting ones, the merged one
    assert stats["overdue"] == MASK  # the demo's one overdue referral
    assert stats["open"] == MASK  # the open states other than those said are masked
    assert stats["feedback"] == {
        "total": RESOLVED + UNRESOLVED,
        "resolved": RESOLVED,
        "share_resolved": round(RESOLVED / (RESOLVED + UNRESOLVED), 3),
    }


def test_medians_stand_on_five_reports_at_least(scenario: None) -> None:
    delays = stats_of("officer")["delays"]
    # Answered and said resolved at once: zero days, over enough reports.
    assert (delays["to_answer"], delays["to_resolve"]) == (0.0, 0.0)
    assert delays["by_category"]["passport"] == {"to_answer": 0.0, "to_resolve": 0.0}
    # One consular card answered, no visa: nothing shown.
    assert delays["by_category"]["consular_card"] == {"to_answer": None, "to_resolve": None}
    assert delays["by_category"]["visa"] == {"to_answer": None, "to_resolve": None}
    assert set(delays["by_category"]) == set(Category.values)
    assert delays["by_administration"]["dgdn"] == {"to_answer": 0.0, "to_resolve": 0.0}
    assert delays["by_administration"]["consulaire"] == {"to_answer": None, "to_resolve": None}


def test_a_focal_point_counts_its_jurisdiction(scenario: None) -> None:
    paris = stats_of("focal_paris")
    assert paris["reports"]["total"] == len(direct("paris")) == 4 + RESOLVED + UNRESOLVED
    # Its jurisdiction's countries, and the others together: never Germany nor Senegal.
    assert set(paris["reports"]["by_country"]) == {"FR", "ES", "PT", "MC", OTHER_COUNTRIES}
    berlin = stats_of("officer", StatsFilters(embassy=Embassy.objects.get(code="berlin")))
    assert berlin["reports"]["total"] == MASK
    assert berlin["reports"]["by_category"]["visa"] == MASK
    assert berlin["delays"]["to_answer"] is None


def test_the_scopes_count_over_the_access_querysets(scenario: None) -> None:
    for username in ("committee", "finance", "supervisor"):
        scope = scope_of(User.objects.get(username=username))
        assert scope is not None and not scope.sees_difficulties
        assert not difficulties_in(scope).exists()
    officer = scope_of(User.objects.get(username="officer"))
    assert officer is not None
    assert difficulties_in(officer).count() == Difficulty.objects.count() - 1  # unconfirmed


def test_the_filters_narrow_the_figures(scenario: None) -> None:
    paris = stats_of("officer", StatsFilters(embassy=Embassy.objects.get(code="paris")))
    assert paris == stats_of("focal_paris")
    year = Difficulty.objects.exclude(reported_at=None).first()
    assert year is not None and year.reported_at is not None
    this_year = stats_of("officer", StatsFilters(year=year.reported_at.year))
    assert this_year["reports"]["total"] == stats_of("officer")["reports"]["total"]
    assert stats_of("officer", StatsFilters(year=2001))["reports"]["total"] == MASK


def test_the_figures_take_a_fixed_number_of_queries(scenario: None) -> None:
    filters = StatsFilters(embassy=Embassy.objects.get(code="paris"))
    for username in ("officer", "focal_paris"):
        scope = scope_of(User.objects.get(username=username))
        assert scope is not None
        with CaptureQueriesContext(connection) as queries:
            difficulty_stats(scope, filters)
        assert len(queries) == QUERIES, [q["sql"] for q in queries]


# --- The dashboard's section --------------------------------------------------------------


def test_the_section_is_drawn_for_those_who_see_the_register(
    scenario: None, client_for: Any
) -> None:
    page = client_for(User.objects.get(username="officer")).get(reverse("observatory:dashboard"))
    text = page.content.decode()
    assert 'id="difficulties"' in text
    assert "Difficultés par catégorie" in text
    assert "Délais médians par administration" in text
    assert "Direction générale de la documentation nationale" in text  # named, not coded
    assert "&lt;5" in text
    for report in Difficulty.objects.all():
        assert report.tracking_code not in text
        assert report.email not in text


@pytest.mark.parametrize("username", ["committee", "finance", "supervisor"])
def test_the_other_observers_have_no_difficulties_section(scenario: None, username: str) -> None:
    scope = scope_of(User.objects.get(username=username))
    assert scope is not None
    assert "difficulties" not in [section.key for section in sections_for(scope, StatsFilters())]


# --- The API ------------------------------------------------------------------------------


def test_the_route_is_named_in_the_api_namespace() -> None:
    assert reverse("api:stats-difficulties") == URL


@pytest.mark.parametrize("username", ["officer", "auditor", "focal_paris"])
def test_the_api_answers_the_figures_of_the_callers_scope(
    scenario: None, api_for: Any, username: str
) -> None:
    answer = api_for(User.objects.get(username=username)).get(URL)
    assert answer.status_code == 200, answer.content
    assert answer.json() == stats_of(username)


def test_a_bad_filter_is_a_400_that_says_which(cast: dict[str, Any], api_for: Any) -> None:
    answer = api_for(User.objects.get(username="officer")).get(URL, {"year": "1999"})
    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == ["year"]


@pytest.mark.parametrize(
    ("username", "status", "words"),
    [
        ("committee", 403, "Les chiffres des difficultés à l'étranger sont réservés"),
        ("finance", 403, "Les chiffres des difficultés à l'étranger sont réservés"),
        ("supervisor", 403, "Les chiffres des difficultés à l'étranger sont réservés"),
        ("caseworker1", 403, "L'observatoire est réservé"),
        ("assoc_paris", 403, "L'observatoire est réservé"),
        (None, 401, ""),
    ],
)
def test_who_may_not_see_the_difficulties_figures_is_refused_in_words(
    cast: dict[str, Any], api_for: Any, username: str | None, status: int, words: str
) -> None:
    answer = api_for(User.objects.get(username=username) if username else None).get(URL)
    assert (answer.status_code, words in answer.json()["detail"]) == (status, True)


def test_the_answer_takes_a_bounded_number_of_queries(scenario: None, api_for: Any) -> None:
    client = api_for(User.objects.get(username="focal_paris"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"year": "2026"}).status_code == 200
    # The focal point's embassies, then the figures.
    assert len(queries) <= QUERIES + 3, [q["sql"] for q in queries]
