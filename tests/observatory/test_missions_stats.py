"""The volunteering missions' figures (`observatory.stats.missions.mission_stats`), the
dashboard's « Volontariat solidaire » section and `GET /api/v1/stats/missions/`: each
figure shown equals the count made row by row over what each scope sees, every small
count of missions or experts is masked, a cell supervisor and the non-observers are
refused in words, the query count is bounded."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from audit.models import Source
from missions import services
from missions.choices import HOLDING_STATES, MissionKind, MissionStatus, NeedStatus
from missions.models import Mission, MissionNeed
from observatory.access import missions_in, needs_in, scope_of
from observatory.filters import StatsFilters
from observatory.sections import sections_for
from observatory.stats.missions import mission_stats
from processes.masking import MASK, OTHER_COUNTRIES, SMALL
from registry.models import Embassy, Region
from tests.factories import ExpertFactory, UserFactory
from tests.missions.builders import make_mission, make_need

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats/missions/"
# The needs, the missions, the experts sent, the jurisdictions' countries, the reports,
# the approval delays.
QUERIES = 6
CERTIFIED = 6


@pytest.fixture
def scenario(cast: dict[str, Any]) -> dict[str, Any]:
    """Beside the demo cast's needs (a published teaching need, a medical need staffed by
    doctor_brussels, under way): six experts of the Paris embassy certified on one
    teaching need (each host report counts 30 students, rated 4; each expert rates 5),
    expert_paris applied to it; a need submitted; a medical need cancelled once
    submitted; a draft and a draft cancelled (neither counted)."""
    paris = Embassy.objects.get(code="paris")
    # Dates given: the builders' own move later with every need made in the session.
    soon = timezone.localdate() + timedelta(days=60)
    need = make_need(NeedStatus.PUBLISHED, volunteers=10, starts_on=soon)
    for _ in range(CERTIFIED):
        expert: Any = ExpertFactory(
            country="FR",
            embassy=paris,
            competences=["ict"],
            user=UserFactory(roles=[Role.DIASPORA_EXPERT]),
            account_verified_at=timezone.now(),
        )
        make_mission(MissionStatus.CERTIFIED, need=need, expert=expert)
    make_mission(MissionStatus.APPLIED, need=need, expert_user="expert_paris")
    make_need(NeedStatus.SUBMITTED, starts_on=soon)
    make_need(NeedStatus.DRAFT, starts_on=soon)
    make_need(NeedStatus.CANCELLED, starts_on=soon)
    dropped = make_need(NeedStatus.SUBMITTED, host="chr_kara", kind="medical", starts_on=soon)
    services.need_cancel(
        need=dropped,
        comment="Plus nécessaire.",
        by=User.objects.get(username="officer"),
        source=Source.COMMAND,
    )
    return {"need": need}


def stats_of(username: str, filters: StatsFilters | None = None) -> dict[str, Any]:
    scope = scope_of(User.objects.get(username=username))
    assert scope is not None
    return mission_stats(scope, filters or StatsFilters())


def direct_missions(embassy: str | None = None) -> list[Mission]:
    missions = Mission.objects.select_related("need", "expert__embassy")
    return [m for m in missions if embassy is None or m.expert.embassy.code == embassy]


def assert_shows(shown: dict[str, Any], direct: dict[str, int]) -> None:
    """Every count shown is the direct count; every direct count under SMALL is masked."""
    assert set(shown) == set(direct)
    for code, count in direct.items():
        if count < SMALL:
            assert shown[code] == MASK, code
        else:
            assert shown[code] in (count, MASK), code
    assert any(value != MASK for value in shown.values())


# --- The figures --------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["officer", "auditor", "committee", "finance", "admin"])
def test_the_whole_programme_in_figures(scenario: dict[str, Any], username: str) -> None:
    stats = stats_of(username)
    assert stats["needs"] == {
        "total": 5,
        "by_kind": {"teaching": 3, "medical": 2, "technical": 0},
        "by_status": {"submitted": 1, "published": 2, "staffed": 1, "closed": 0, "cancelled": 1},
    }
    missions = stats["missions"]
    assert missions["total"] == CERTIFIED + 2
    assert missions["by_status"]["certified"] == CERTIFIED
    assert missions["by_status"]["applied"] == missions["by_status"]["in_progress"] == MASK
    assert missions["by_kind"] == {"teaching": CERTIFIED + 1, "medical": MASK, "technical": MASK}
    sent = stats["experts_sent"]
    assert sent["total"] == CERTIFIED + 1
    assert sent["by_country"]["FR"] == CERTIFIED
    assert sent["by_country"]["BE"] == sent["by_country"][OTHER_COUNTRIES] == MASK
    assert stats["reports"] == {
        "host_reports": CERTIFIED,
        "students": 30 * CERTIFIED,
        "patients": 0,
        "rating_by_hosts": 4.0,
        "rating_by_experts": 5.0,
    }
    assert stats["approval_days"] == {"median": 0.0, "count": CERTIFIED + 1}


def test_every_count_shown_is_the_direct_count(scenario: dict[str, Any]) -> None:
    stats = stats_of("officer")
    missions = direct_missions()
    assert_shows(
        stats["missions"]["by_status"],
        {code: Counter(m.status for m in missions)[code] for code in MissionStatus.values},
    )
    assert_shows(
        stats["missions"]["by_kind"],
        {code: Counter(m.need.kind for m in missions)[code] for code in MissionKind.values},
    )
    sent = {m.expert for m in missions if m.status in HOLDING_STATES}
    countries = Counter(str(expert.country) for expert in sent)
    shown = stats["experts_sent"]["by_country"]
    assert shown["FR"] == countries["FR"]
    assert sum(value for value in shown.values() if value != MASK) <= len(sent)


def test_a_focal_point_counts_its_jurisdictions_experts(scenario: dict[str, Any]) -> None:
    stats = stats_of("focal_paris")
    assert stats["missions"]["total"] == len(direct_missions("paris")) == CERTIFIED + 1
    assert stats["missions"]["by_status"]["in_progress"] == MASK  # doctor_brussels's is not
    assert stats["needs"]["total"] == MASK  # the one need its experts are on
    sent = stats["experts_sent"]
    assert sent["total"] == CERTIFIED
    # Its jurisdiction's countries, and the others together: never Belgium.
    assert set(sent["by_country"]) == {"FR", "ES", "PT", "MC", OTHER_COUNTRIES}


def test_the_scopes_count_over_the_access_querysets(scenario: dict[str, Any]) -> None:
    supervisor = scope_of(User.objects.get(username="supervisor"))
    assert supervisor is not None and not supervisor.sees_missions
    assert not missions_in(supervisor).exists() and not needs_in(supervisor).exists()
    officer = scope_of(User.objects.get(username="officer"))
    assert officer is not None
    assert missions_in(officer).count() == Mission.objects.count()
    # Never a draft, nor the draft cancelled before it was submitted.
    counted = set(needs_in(officer).values_list("status", flat=True))
    assert NeedStatus.DRAFT not in counted
    assert needs_in(officer).count() == MissionNeed.objects.count() - 2


def test_the_filters_narrow_the_figures(scenario: dict[str, Any]) -> None:
    kara = stats_of("officer", StatsFilters(region=Region.objects.get(code="kara")))
    assert kara["needs"]["total"] == 2  # the CHR de Kara's two medical needs
    assert kara["missions"]["total"] == MASK
    assert kara["missions"]["by_status"]["certified"] == MASK
    paris = stats_of("officer", StatsFilters(embassy=Embassy.objects.get(code="paris")))
    assert paris == stats_of("focal_paris")
    year = scenario["need"].starts_on.year
    in_year = stats_of("officer", StatsFilters(year=year))
    assert in_year["missions"]["by_status"]["certified"] == CERTIFIED
    assert stats_of("officer", StatsFilters(year=2001))["needs"]["total"] == 0


def test_few_missions_show_no_sum_mean_or_median(scenario: dict[str, Any]) -> None:
    stats = stats_of("officer", StatsFilters(embassy=Embassy.objects.get(code="bruxelles")))
    assert stats["missions"]["total"] == MASK
    assert stats["experts_sent"]["total"] == MASK
    assert stats["reports"] == {
        "host_reports": MASK,
        "students": None,
        "patients": None,
        "rating_by_hosts": None,
        "rating_by_experts": None,
    }
    assert stats["approval_days"] == {"median": None, "count": MASK}


def test_the_figures_take_a_fixed_number_of_queries(scenario: dict[str, Any]) -> None:
    filters = StatsFilters(embassy=Embassy.objects.get(code="paris"))
    for username in ("officer", "focal_paris"):
        scope = scope_of(User.objects.get(username=username))
        assert scope is not None
        with CaptureQueriesContext(connection) as queries:
            mission_stats(scope, filters)
        assert len(queries) == QUERIES, [q["sql"] for q in queries]


# --- The dashboard's section --------------------------------------------------------------


def test_the_section_is_drawn_for_the_observers_who_see_missions(
    scenario: dict[str, Any], client_for: Any
) -> None:
    page = client_for(User.objects.get(username="officer")).get(reverse("observatory:dashboard"))
    text = page.content.decode()
    assert 'id="missions"' in text
    assert "Volontariat solidaire" in text
    assert "Experts envoyés par pays de résidence" in text
    assert "&lt;5" in text
    for expert in Mission.objects.select_related("expert"):
        assert expert.expert.last_name not in text


def test_a_cell_supervisor_has_no_missions_section(scenario: dict[str, Any]) -> None:
    scope = scope_of(User.objects.get(username="supervisor"))
    assert scope is not None
    assert "missions" not in [section.key for section in sections_for(scope, StatsFilters())]


# --- The API ------------------------------------------------------------------------------


def test_the_route_is_named_in_the_api_namespace() -> None:
    assert reverse("api:stats-missions") == URL


@pytest.mark.parametrize("username", ["officer", "auditor", "committee", "focal_paris"])
def test_the_api_answers_the_figures_of_the_callers_scope(
    scenario: dict[str, Any], api_for: Any, username: str
) -> None:
    answer = api_for(User.objects.get(username=username)).get(URL)
    assert answer.status_code == 200, answer.content
    assert answer.json() == stats_of(username)


def test_nothing_in_the_answer_names_an_expert(scenario: dict[str, Any], api_for: Any) -> None:
    text = api_for(User.objects.get(username="officer")).get(URL).content.decode()
    for mission in Mission.objects.select_related("expert"):
        assert mission.expert.last_name not in text
        assert mission.reference not in text


@pytest.mark.parametrize(
    ("query", "field"), [({"year": "1999"}, "year"), ({"region": "x"}, "region")]
)
def test_a_bad_filter_is_a_400_that_says_which(
    cast: dict[str, Any], api_for: Any, query: dict[str, str], field: str
) -> None:
    answer = api_for(User.objects.get(username="officer")).get(URL, query)
    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == [field]


@pytest.mark.parametrize(
    ("username", "status", "words"),
    [
        ("supervisor", 403, "Les chiffres du volontariat solidaire sont réservés"),
        ("caseworker1", 403, "L'observatoire est réservé"),
        ("assoc_paris", 403, "L'observatoire est réservé"),
        ("univ_lome", 403, "L'observatoire est réservé"),
        ("expert_paris", 403, "L'observatoire est réservé"),
        (None, 401, ""),
    ],
)
def test_who_may_not_see_the_missions_figures_is_refused_in_words(
    cast: dict[str, Any], api_for: Any, username: str | None, status: int, words: str
) -> None:
    answer = api_for(User.objects.get(username=username) if username else None).get(URL)
    assert (answer.status_code, words in answer.json()["detail"]) == (status, True)


def test_the_answer_takes_a_bounded_number_of_queries(
    scenario: dict[str, Any], api_for: Any
) -> None:
    client = api_for(User.objects.get(username="focal_paris"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"region": "grand-lome"}).status_code == 200
    # The focal point's embassies, the region named, then the figures.
    assert len(queries) <= QUERIES + 3, [q["sql"] for q in queries]


def test_the_needs_of_an_embassys_experts_are_masked_like_their_missions(
    scenario: dict[str, Any], api_for: Any
) -> None:
    brussels = StatsFilters(embassy=Embassy.objects.get(code="bruxelles"))
    # The one need doctor_brussels is on would name him: "<5", as his mission.
    stats = stats_of("officer", brussels)
    assert stats["needs"]["total"] == MASK
    assert stats["needs"]["by_kind"]["medical"] == MASK
    assert stats_of("focal_paris")["needs"]["total"] == MASK
    # Unfiltered, an officer's needs are an institution's requests: counted exactly.
    officer = scope_of(User.objects.get(username="officer"))
    assert officer is not None
    assert stats_of("officer")["needs"]["total"] == needs_in(officer).count()
    answer = api_for(User.objects.get(username="officer")).get(URL, {"embassy": "bruxelles"})
    assert answer.status_code == 200, answer.content
    assert answer.json()["needs"]["total"] == MASK
