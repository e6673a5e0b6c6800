"""The diaspora's figures (`observatory.stats.diaspora`), `GET /api/v1/stats/diaspora/`
and the maps that draw them: each figure equals the count made row by row, each scope
counts its own, and the maps put each count on its country and region."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from html import unescape
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from observatory.access import scope_of
from observatory.filters import StatsFilters
from observatory.maps import togo_map, world_map
from observatory.stats.diaspora import diaspora_stats
from registry.models import (
    Association,
    AssociationStatus,
    CompetenceDomain,
    Embassy,
    Expert,
    Prefecture,
    Region,
)
from tests.factories import AssociationFactory, ExpertFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats/diaspora/"
# Associations grouped once, experts grouped once, the competences, the domains.
QUERIES = 4


@pytest.fixture
def scenario(cast: dict[str, Any]) -> None:
    """Associations in France, Belgium, the United States, Germany and Monaco, from
    several home regions (one rejected); experts who consented and one who did not."""
    embassy = {e.code: e for e in Embassy.objects.all()}
    region = {r.code: r for r in Region.objects.all()}
    golfe = Prefecture.objects.get(code="golfe")
    for country, code, home, prefecture, status in [
        ("FR", "paris", "plateaux", None, AssociationStatus.VERIFIED),
        ("FR", "paris", "plateaux", None, AssociationStatus.PENDING),
        ("FR", "paris", "grand-lome", golfe, AssociationStatus.VERIFIED),
        ("FR", "paris", "kara", None, AssociationStatus.REJECTED),
        ("MC", "paris", "savanes", None, AssociationStatus.VERIFIED),
        ("BE", "bruxelles", "plateaux", None, AssociationStatus.VERIFIED),
        ("BE", "bruxelles", "maritime", None, AssociationStatus.VERIFIED),
        ("US", "washington", "kara", None, AssociationStatus.VERIFIED),
        ("US", "washington", "plateaux", None, AssociationStatus.PENDING),
        ("DE", "berlin", "centrale", None, AssociationStatus.VERIFIED),
    ]:
        AssociationFactory(
            country=country,
            embassy=embassy[code],
            home_region=region[home],
            home_prefecture=prefecture,
            status=status,
        )
    experts: list[tuple[str, str, str | None, bool, list[str]]] = [
        ("FR", "paris", "plateaux", True, ["medicine", "engineering"]),
        ("FR", "paris", None, True, ["medicine"]),
        ("FR", "paris", "kara", False, ["medicine"]),
        ("US", "washington", "maritime", True, ["engineering"]),
        ("DE", "berlin", "plateaux", True, ["medicine"]),
    ]
    for country, code, origin, consent, competences in experts:
        ExpertFactory(
            country=country,
            embassy=embassy[code],
            home_region=region[origin] if origin else None,
            consent_listed=consent,
            competences=competences,
        )


def stats_of(username: str, filters: StatsFilters | None = None) -> dict[str, Any]:
    scope = scope_of(User.objects.get(username=username))
    assert scope is not None
    return diaspora_stats(scope, filters or StatsFilters())


def by(values: Iterable[str | None]) -> dict[str, int]:
    return dict(Counter(value for value in values if value))


def expected(embassies: set[str] | None, region: str | None = None) -> dict[str, Any]:
    """The figures, counted here row by row."""
    associations = [
        a
        for a in Association.objects.select_related("embassy", "home_region", "home_prefecture")
        if a.status != AssociationStatus.REJECTED
        and (embassies is None or a.embassy.code in embassies)
        and (region is None or a.home_region.code == region)
    ]
    experts = [
        e
        for e in Expert.objects.select_related("embassy", "home_region").prefetch_related(
            "competences"
        )
        if e.consent_listed
        and (embassies is None or (e.embassy is not None and e.embassy.code in embassies))
        and (region is None or (e.home_region is not None and e.home_region.code == region))
    ]
    competences = Counter(c.code for e in experts for c in e.competences.all())
    return {
        "associations": {
            "total": len(associations),
            "by_country": by(str(a.country) for a in associations),
            "by_region": by(a.home_region.code for a in associations),
            "by_prefecture": by(
                a.home_prefecture.code if a.home_prefecture else None for a in associations
            ),
        },
        "experts": {
            "total": len(experts),
            "by_country": by(str(e.country) for e in experts),
            "by_region": by(e.home_region.code if e.home_region else None for e in experts),
            "competences": {d.code: competences[d.code] for d in CompetenceDomain.objects.all()},
        },
    }


def comparable(figures: dict[str, Any]) -> dict[str, Any]:
    experts = dict(figures["experts"])
    experts["competences"] = {row["code"]: row["count"] for row in experts.pop("by_competence")}
    return {"associations": figures["associations"], "experts": experts}


@pytest.mark.parametrize(
    ("username", "embassies"),
    [
        ("officer", None),
        ("auditor", None),
        ("supervisor", None),
        ("admin", None),
        ("focal_paris", {"paris"}),
    ],
)
def test_every_figure_equals_the_direct_count_over_what_each_role_sees(
    scenario: None, username: str, embassies: set[str] | None
) -> None:
    assert comparable(stats_of(username)) == expected(embassies)


def test_the_scenario_is_counted_where_it_was_seeded(scenario: None) -> None:
    figures = stats_of("officer")
    associations = figures["associations"]
    # The cast's own associations (two in France, two in Belgium) beside the scenario's.
    assert associations["by_country"]["US"] == 2
    assert associations["by_country"]["DE"] == 1
    assert associations["by_country"]["MC"] == 1
    assert associations["by_prefecture"]["golfe"] == 1
    assert list(associations["by_country"]) == sorted(
        associations["by_country"], key=lambda code: -associations["by_country"][code]
    )
    ranked = [row["count"] for row in figures["experts"]["by_competence"]]
    assert ranked == sorted(ranked, reverse=True)
    assert set(figures["experts"]["by_competence"][0]) == {"code", "label_fr", "label_en", "count"}


def test_a_focal_point_counts_only_its_jurisdiction(scenario: None) -> None:
    figures = stats_of("focal_paris")
    assert set(figures["associations"]["by_country"]) <= {"FR", "ES", "PT", "MC"}
    assert set(figures["experts"]["by_country"]) <= {"FR", "ES", "PT", "MC"}
    assert figures["associations"]["by_country"]["FR"] >= 3
    assert "US" not in figures["associations"]["by_country"]


def test_the_filters_narrow_by_home_region_and_embassy(scenario: None) -> None:
    plateaux = Region.objects.get(code="plateaux")
    figures = stats_of("officer", StatsFilters(region=plateaux))
    assert comparable(figures) == expected(None, region="plateaux")
    assert set(figures["associations"]["by_region"]) == {"plateaux"}
    berlin = Embassy.objects.get(code="berlin")
    figures = stats_of("officer", StatsFilters(embassy=berlin))
    assert comparable(figures) == expected({"berlin"})
    assert set(figures["associations"]["by_country"]) == {"DE"}
    assert set(figures["experts"]["by_country"]) == {"DE"}


def test_the_figures_take_a_bounded_number_of_queries(scenario: None) -> None:
    scope = scope_of(User.objects.get(username="officer"))
    assert scope is not None
    with CaptureQueriesContext(connection) as queries:
        diaspora_stats(scope, StatsFilters())
    assert len(queries) == QUERIES


# --- The API --------------------------------------------------------------------------


def test_the_route_is_named_in_the_api_namespace() -> None:
    assert reverse("api:stats-diaspora") == URL


def test_the_api_answers_the_figures_of_the_callers_scope(scenario: None, api_for: Any) -> None:
    for username, embassies in [("officer", None), ("focal_paris", {"paris"})]:
        answer = api_for(User.objects.get(username=username)).get(URL)
        assert answer.status_code == 200, answer.content
        assert comparable(answer.json()) == expected(embassies)
    answer = api_for(User.objects.get(username="officer")).get(URL, {"region": "kara"})
    assert answer.status_code == 200, answer.content
    assert comparable(answer.json()) == expected(None, region="kara")


@pytest.mark.parametrize(
    ("username", "status"),
    [("evaluator1", 403), ("assoc_paris", 403), ("caseworker1", 403), (None, 401)],
)
def test_only_the_observatorys_roles_call_it(
    cast: dict[str, Any], api_for: Any, username: str | None, status: int
) -> None:
    user = User.objects.get(username=username) if username else None
    assert api_for(user).get(URL).status_code == status


def test_a_filter_that_names_nothing_is_refused_in_words(
    cast: dict[str, Any], api_for: Any
) -> None:
    answer = api_for(User.objects.get(username="officer")).get(URL, {"region": "atlantis"})
    assert answer.status_code == 400
    assert "Région" in answer.json()["detail"]


def test_the_answer_is_described_in_the_schema(cast: dict[str, Any], api_for: Any) -> None:
    schema = api_for(User.objects.get(username="officer")).get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    operation = schema.json()["paths"][URL]["get"]
    assert operation["operationId"] == "stats_diaspora"
    assert {p["name"] for p in operation["parameters"]} >= {"region", "embassy"}


# --- The maps -------------------------------------------------------------------------

AREA = re.compile(
    r'<path class="obs-area" data-code="([^"]+)" data-count="(\d+)" d="[^"]+" '
    r'fill="([^"]+)"><title>([^<]*)</title>'
)
MARKER = re.compile(r'<circle class="obs-marker" data-code="([^"]+)" data-count="(\d+)"')
ROW = re.compile(r'<th scope="row" class="fw-normal">([^<]+)</th><td class="text-end">(\d+)</td>')


def drawn(html: str) -> dict[str, tuple[int, str, str]]:
    return {code: (int(n), fill, title) for code, n, fill, title in AREA.findall(html)}


def table(html: str) -> dict[str, int]:
    return {unescape(name): int(n) for name, n in ROW.findall(html)}


def test_the_world_map_puts_each_count_on_its_country(scenario: None) -> None:
    counts = stats_of("officer")["associations"]["by_country"]
    with translation.override("fr"):
        figure = world_map(counts)
        html = render_to_string("observatory/_map.html", {"map": figure, "caption": "Associations"})
    areas = drawn(html)
    for code in ("FR", "BE", "US", "DE"):
        count, fill, title = areas[code]
        assert count == counts[code]
        assert fill.startswith("url(#map-world-")
        assert title.endswith(f" : {counts[code]}")
    assert areas["FR"][2] == f"France : {counts['FR']}"
    # A country without an association is drawn empty.
    assert areas["BR"] == (0, "#ffffff", "Brésil : 0")
    # Monaco has no outline at this scale: a marker carries its count.
    assert ("MC", str(counts["MC"])) in MARKER.findall(html)
    # The table holds the same numbers, by name.
    assert table(html) == {row.name: row.count for row in figure.rows}
    assert sorted(table(html).values()) == sorted(counts.values())
    assert "Belgique" in table(html)


def test_the_togo_map_puts_each_count_on_its_region(scenario: None) -> None:
    counts = stats_of("officer")["associations"]["by_region"]
    html = render_to_string(
        "observatory/_map.html", {"map": togo_map(counts), "caption": "Régions d'origine"}
    )
    areas = drawn(html)
    assert areas["plateaux"][0] == counts["plateaux"]
    assert areas["plateaux"][2] == f"Plateaux : {counts['plateaux']}"
    assert areas["grand-lome"][0] == counts["grand-lome"] == 1
    for code in set(areas) - set(counts):
        assert areas[code][:2] == (0, "#ffffff")
    assert table(html) == {
        Region.objects.get(code=code).name: count for code, count in counts.items()
    }


def test_the_legend_names_every_range_of_counts() -> None:
    figure = world_map({"FR": 120, "BE": 30, "US": 12, "DE": 7, "CA": 3, "LU": 2})
    assert [c.label for c in figure.classes] == ["Aucun", "1–3", "4–7", "8–30", "31–120"]
    levels = {area.code: area.level for area in figure.areas}
    assert levels["FR"] == 4 and levels["LU"] == 1 and levels["BR"] == 0
    assert [c.label for c in world_map({}).classes] == ["Aucun"]
    assert [c.label for c in togo_map({"kara": 1, "savanes": 1}).classes] == ["Aucun", "1"]


def test_a_count_of_a_place_with_no_outline_is_still_in_the_table() -> None:
    figure = world_map({"SG": 2, "FR": 1})
    assert [(row.code, row.count) for row in figure.rows] == [("SG", 2), ("FR", 1)]
    assert [area.code for area in figure.markers] == ["SG"]


def test_the_shipped_map_data_has_a_shape_for_every_region(cast: dict[str, Any]) -> None:
    togo = togo_map({})
    shapes = {area.code: area for area in togo.areas}
    assert set(Region.objects.values_list("code", flat=True)) <= set(shapes)
    assert all(area.path.startswith("M") for area in togo.areas)
    world = {area.code: area for area in world_map({}).areas}
    assert len(world) > 200
    for country in ("FR", "BE", "US", "DE", "TG", "GH", "CA", "IT", "XK", "SO", "CY"):
        assert world[country].path.startswith("M"), country
    assert "AQ" not in world
