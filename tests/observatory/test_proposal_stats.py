"""The co-realisation figures (`observatory.stats.proposals.proposal_stats`): each one
equals the count made row by row over the proposals each scope may see."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.db import connection

from accounts.roles import Role
from audit.models import Source
from observatory.access import scope_of
from observatory.filters import StatsFilters
from observatory.stats.proposals import proposal_stats
from registry.models import Embassy, Region
from registry.services import focal_point_grant
from tests.factories import UserFactory
from tests.observatory.proposals_scenario import (
    Scenario,
    build,
    comparable,
    expected,
    observer,
    visible_to,
)
from workflows.models import Call, Proposal

pytestmark = pytest.mark.django_db

# The statistics' queries: the proposals grouped by status and call, by region, by
# prefecture and by sector (one query on PostgreSQL, GROUPING SETS), the contributions,
# the paid tranches, the calls; the stays in each stage and the tranches' (two), the
# longest waits, the open reviews (the last two not for a focal point).
QUERIES = (4 if connection.vendor == "postgresql" else 7) + 4


@pytest.fixture
def scenario(cast: dict[str, Any]) -> Scenario:
    built = build()
    focal = cast_user("focal_bruxelles")
    focal_point_grant(
        user=focal,
        embassy=Embassy.objects.get(code="bruxelles"),
        by=observer("admin"),
        source=Source.COMMAND,
    )
    return built


def cast_user(username: str) -> Any:
    return cast(Any, UserFactory(username=username, roles=[Role.EMBASSY_FOCAL_POINT]))


def stats_of(username: str, filters: StatsFilters | None = None) -> dict[str, Any]:
    scope = scope_of(observer(username))
    assert scope is not None
    return proposal_stats(scope, filters or StatsFilters())


def everything() -> tuple[list[Proposal], list[Call]]:
    proposals = list(
        Proposal.objects.select_related("association__embassy", "region", "prefecture")
    )
    return proposals, list(Call.objects.all())


@pytest.mark.parametrize(
    "username",
    [
        "officer",
        "committee",
        "finance",
        "auditor",
        "supervisor",
        "focal_paris",
        "focal_bruxelles",
        "admin",
    ],
)
def test_every_figure_equals_the_direct_count_over_what_each_role_sees(
    scenario: Scenario, username: str
) -> None:
    proposals, calls = everything()
    counted = visible_to(username, proposals)
    whole = username not in ("focal_paris", "focal_bruxelles")
    assert comparable(stats_of(username)) == expected(counted, calls, whole)


def test_the_scenario_covers_what_the_figures_tell_apart(scenario: Scenario) -> None:
    figures = stats_of("officer")
    p = scenario.proposals
    # Never a draft; the proposal withdrawn before it was ever submitted: not the officer's.
    assert figures["total"] == len(p) - 2
    assert "draft" not in figures["by_status"]
    # Committed: 6 M + 7 M + the 3.2 M paid of the terminated 8 M + the closed 5 M paid.
    assert figures["committed"] == 6_000_000 + 7_000_000 + 3_200_000 + 5_000_000
    # Paid: 2.8 M of the 7 M in execution, 3.2 M of the terminated, the closed 5 M.
    assert figures["disbursed"] == 2_800_000 + 3_200_000 + 5_000_000
    # In the lifecycle's order; the others most first.
    assert list(figures["by_status"].items()) == list(
        {
            "submitted": 1,
            "under_review": 1,
            "in_committee": 1,
            "approved": 1,
            "rejected": 1,
            "in_execution": 1,
            "terminated": 1,
            "closed": 1,
        }.items()
    )
    counts = list(figures["by_region"].values())
    assert counts == sorted(counts, reverse=True) and next(iter(figures["by_region"])) == "plateaux"
    # The figures add up to the total, but for a proposal that names no prefecture.
    assert sum(figures["by_region"].values()) == figures["total"]
    assert sum(figures["by_sector"].values()) == figures["total"]


def test_committed_is_what_the_services_take_from_each_calls_envelope(
    scenario: Scenario,
) -> None:
    """Over every proposal, a call's committed figure is its `committed` column, as the
    approval, the termination and the closing moved it; what is left, the envelope less
    it."""
    for call in stats_of("admin")["calls"]:
        stored = Call.objects.get(pk=call["id"])
        assert call["committed"] == stored.committed
        assert call["left"] == stored.envelope_left


def test_a_call_with_no_proposal_in_the_scope_still_shows_its_envelope(
    scenario: Scenario,
) -> None:
    empty = scenario.calls["c"]
    for username in ("officer", "focal_paris", "supervisor"):
        (row,) = [c for c in stats_of(username)["calls"] if c["id"] == empty.pk]
        assert row == {
            "id": empty.pk,
            "title": empty.title,
            "year": empty.year,
            "envelope": 100_000_000,
            "committed": 0,
            "disbursed": 0,
            "left": 100_000_000,
        }


def test_a_focal_point_sees_its_jurisdictions_figures_and_the_calls_whole_envelope(
    scenario: Scenario,
) -> None:
    paris, brussels = stats_of("focal_paris"), stats_of("focal_bruxelles")
    everyone = stats_of("admin")
    # The two jurisdictions split the programme between them.
    assert paris["total"] + brussels["total"] == everyone["total"]
    assert paris["committed"] + brussels["committed"] == everyone["committed"]
    # The proposals waiting longest and the evaluators' open reviews name people: the
    # whole programme's scopes only.
    assert everyone["waiting_longest"] and everyone["open_reviews"]
    assert paris["waiting_longest"] == brussels["waiting_longest"] == []
    assert paris["open_reviews"] == brussels["open_reviews"] == []
    # A draft DSSB withdrew before submitting it was never anyone's but its own:
    # counted by no one, Brussels's focal point included.
    assert "withdrawn" not in brussels["by_status"]
    a = scenario.calls["a"]
    (paris_a,) = [c for c in paris["calls"] if c["id"] == a.pk]
    (brussels_a,) = [c for c in brussels["calls"] if c["id"] == a.pk]
    assert paris_a["left"] == brussels_a["left"] == a.envelope - Call.objects.get(pk=a.pk).committed


@pytest.mark.parametrize(
    "filters",
    [
        {"call": "b"},
        {"year": -1},
        {"region": "kara"},
        {"embassy": "bruxelles"},
        {"call": "a", "region": "plateaux", "embassy": "paris"},
    ],
)
def test_the_filters_narrow_every_figure(scenario: Scenario, filters: dict[str, Any]) -> None:
    proposals, calls = everything()
    call = scenario.calls[filters["call"]] if "call" in filters else None
    year = scenario.calls["a"].year + filters["year"] if "year" in filters else None
    region = Region.objects.get(code=filters["region"]) if "region" in filters else None
    embassy = Embassy.objects.get(code=filters["embassy"]) if "embassy" in filters else None
    given = StatsFilters(call=call, year=year, region=region, embassy=embassy)
    kept = [
        p
        for p in visible_to("officer", proposals)
        if (call is None or p.call_id == call.pk)
        and (year is None or p.call.year == year)
        and (region is None or p.region_id == region.pk)
        and (embassy is None or p.association.embassy_id == embassy.pk)
    ]
    calls = [c for c in calls if (call is None or c == call) and (year is None or c.year == year)]
    figures = stats_of("officer", given)
    assert comparable(figures) == expected(kept, calls)
    assert figures["total"] > 0


def test_the_figures_take_a_bounded_number_of_queries(
    scenario: Scenario, django_assert_num_queries: Any
) -> None:
    scope = scope_of(observer("officer"))
    assert scope is not None
    with django_assert_num_queries(QUERIES):
        proposal_stats(scope, StatsFilters())
    focal = scope_of(observer("focal_paris"))
    assert focal is not None
    with django_assert_num_queries(QUERIES - 2):
        proposal_stats(focal, StatsFilters())
