"""The candidates of a need come in the order a user expects, each with its reasons, in
two queries (the need's domains, then the ranking); an expert sees the needs asking for
its domains first."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from missions.choices import MissionStatus, NeedStatus
from missions.demo import TEACHING_TITLE
from missions.matching import Candidate, needs_for_expert, rank_candidates, reason_lines
from missions.models import Availability, MissionNeed
from registry.models import CompetenceDomain, Expert
from tests.missions.builders import expert_of, make_mission, make_need

pytestmark = pytest.mark.django_db
_names = itertools.count(1)


def expert(
    last_name: str,
    domains: tuple[str, ...] = ("ict",),
    *,
    country: str = "FR",
    languages: list[str] | None = None,
    consent: bool = True,
    available_for: MissionNeed | None = None,
) -> Expert:
    made = Expert.objects.create(
        first_name=f"Prénom{next(_names)}",
        last_name=last_name,
        country=country,
        city="Ville",
        profession="Enseignant",
        education_level="doctorate",
        languages=languages if languages is not None else [],
        consent_listed=consent,
    )
    made.competences.set(CompetenceDomain.objects.filter(code__in=domains))
    if available_for is not None:
        Availability.objects.create(
            expert=made,
            starts_on=available_for.starts_on - timedelta(days=1),
            ends_on=available_for.ends_on + timedelta(days=1),
        )
    return made


def need(**fields: Any) -> MissionNeed:
    fields.setdefault("domains", ("tourism", "culture-arts"))
    fields.setdefault("languages", [])
    return make_need(NeedStatus.PUBLISHED, **fields)


def ranked(need: MissionNeed, *experts: Expert) -> list[Candidate]:
    """The candidates among `experts`, in their order (the demo cast has others)."""
    ids = {e.pk for e in experts}
    return [c for c in rank_candidates(need, limit=1000) if c.expert.pk in ids]


def names(candidates: list[Candidate]) -> list[str]:
    return [c.expert.last_name for c in candidates]


def test_more_domains_in_common_come_first(cast: dict[str, Any]) -> None:
    wanted = need()
    one = expert("Adjo", ("tourism",))
    both = expert("Zinsou", ("tourism", "culture-arts"))
    assert names(ranked(wanted, one, both)) == ["Zinsou", "Adjo"]


def test_an_availability_covering_the_dates_breaks_the_tie(cast: dict[str, Any]) -> None:
    wanted = need()
    unavailable = expert("Adjo", ("tourism",))
    available = expert("Zinsou", ("tourism",), available_for=wanted)
    partly = expert("Bawa", ("tourism",))
    Availability.objects.create(
        expert=partly, starts_on=wanted.starts_on + timedelta(days=1), ends_on=wanted.ends_on
    )
    assert names(ranked(wanted, unavailable, available, partly)) == ["Zinsou", "Adjo", "Bawa"]


def test_equal_candidates_go_by_last_name(cast: dict[str, Any]) -> None:
    wanted = need()
    made = [expert(name, ("tourism",)) for name in ("Mensah", "Agbeko", "Kossi")]
    assert names(ranked(wanted, *made)) == ["Agbeko", "Kossi", "Mensah"]


def test_shared_languages_count_and_a_code_never_matches_inside_another(
    cast: dict[str, Any],
) -> None:
    wanted = need(languages=["en", "fr"])
    none = expert("Adjo", ("tourism",), languages=["ken", "fra"])
    one = expert("Bawa", ("tourism",), languages=["en"])
    two = expert("Zinsou", ("tourism",), languages=["de", "fr", "en"])
    candidates = ranked(wanted, none, one, two)
    assert names(candidates) == ["Zinsou", "Bawa", "Adjo"]
    assert [c.reasons["languages"] for c in candidates] == [["en", "fr"], ["en"], []]


def test_the_country_of_residence_weighs_the_travel_cost(cast: dict[str, Any]) -> None:
    wanted = need()
    made = [
        expert("Adjo", ("tourism",), country="CA"),
        expert("Bawa", ("tourism",), country="FR"),
        expert("Kossi", ("tourism",), country="MA"),
        expert("Zinsou", ("tourism",), country="SN"),
    ]
    assert names(ranked(wanted, *made)) == ["Zinsou", "Kossi", "Bawa", "Adjo"]


def seasoned(*domains: str) -> Expert:
    """The demo professor, holding `domains` too, after one certified mission (its
    host's rating: 4)."""
    make_mission(MissionStatus.CERTIFIED, expert_user="expert_paris")
    professor = expert_of("expert_paris")
    professor.competences.add(*CompetenceDomain.objects.filter(code__in=domains))
    return professor


def test_certified_missions_and_their_ratings_count(cast: dict[str, Any]) -> None:
    # Far enough for the professor's availability not to cover it.
    wanted = need(starts_on=date.today() + timedelta(days=600))
    professor = seasoned("tourism")
    novice = expert("Adjo", ("tourism",))
    first, second = ranked(wanted, novice, professor)
    assert first.expert == professor
    assert first.reasons["certified_missions"] == 1
    assert first.reasons["mean_rating"] == 4.0
    # 10 (one domain) + 2 (one certified mission) + 4 (the host's rating) + 2 (Europe)
    assert first.score == 18
    assert second.score == 12
    assert second.reasons["certified_missions"] == 0
    assert second.reasons["mean_rating"] is None


def test_who_is_no_candidate(cast: dict[str, Any]) -> None:
    wanted = need()
    listed = expert("Adjo", ("tourism",))
    unlisted = expert("Bawa", ("tourism",), consent=False)
    elsewhere = expert("Kossi", ("ict", "medicine"))
    applied = expert("Mensah", ("tourism",))
    make_mission(MissionStatus.SHORTLISTED, need=wanted, expert=applied)
    declined = expert("Zinsou", ("tourism",))
    make_mission(MissionStatus.DECLINED, need=wanted, expert=declined)
    made = (listed, unlisted, elsewhere, applied, declined)
    # A declined candidacy still holds the expert's one mission on the need.
    assert names(ranked(wanted, *made)) == ["Adjo"]


def test_a_need_without_domains_has_no_candidates(cast: dict[str, Any]) -> None:
    wanted = need()
    expert("Adjo", ("tourism",))
    wanted.domains.clear()
    assert rank_candidates(wanted) == []


def test_the_demo_professor_and_the_reasons_of_its_rank(cast: dict[str, Any]) -> None:
    teaching = MissionNeed.objects.get(title=TEACHING_TITLE)
    candidates = rank_candidates(teaching)
    professor = next(c for c in candidates if c.expert == expert_of("expert_paris"))
    assert professor.reasons == {
        "domains": ["teaching", "ict"],
        "available": True,
        "languages": ["fr"],
        "certified_missions": 0,
        "mean_rating": None,
        "country": "FR",
    }
    # Two domains, available, French, in Europe.
    assert professor.score == 20 + 8 + 3 + 2
    assert candidates[0] == professor
    assert reason_lines(professor) == [
        "Domaines en commun : Enseignement et recherche, Informatique et numérique",
        "Disponible sur toute la période",
        "Langues : Français",
        "Réside en Europe (France)",
    ]
    with translation.override("en"):
        lines = reason_lines(professor)
    assert lines[0] == "Domains in common: Teaching and research, IT and digital"
    assert lines[1:] == [
        "Available for the whole period",
        "Languages: French",
        "Lives in Europe (France)",
    ]


def test_the_reason_lines_of_a_seasoned_unavailable_expert(cast: dict[str, Any]) -> None:
    reasons = {
        "domains": ["tourism"],
        "available": False,
        "languages": [],
        "certified_missions": 2,
        "mean_rating": 4.5,
        "country": "SN",
    }
    seasoned = Expert(first_name="A", last_name="B", country="SN")
    assert reason_lines(Candidate(seasoned, 40, reasons)) == [
        "Domaines en commun : tourism",
        "Aucune disponibilité déclarée sur ces dates",
        "2 missions attestées, note moyenne 4,5 / 5",
        "Réside en Afrique de l'Ouest (Sénégal)",
    ]


def test_ranking_takes_two_queries_whatever_the_number_of_candidates(
    cast: dict[str, Any],
) -> None:
    wanted = need(languages=["fr", "en"])
    seasoned("tourism")
    for n in range(12):
        expert(f"Nom{n:02d}", ("tourism", "culture-arts"), languages=["fr"])
    with CaptureQueriesContext(connection) as queries:
        candidates = rank_candidates(wanted, limit=10)
        lines = [reason_lines(c) for c in candidates]
    assert len(candidates) == 10
    assert len(lines) == 10
    assert len(queries) == 2


def test_an_expert_sees_the_needs_asking_for_more_of_its_domains_first(
    cast: dict[str, Any],
) -> None:
    start = date.today() + timedelta(days=400)
    later = need(domains=("tourism",), starts_on=start + timedelta(days=20))
    sooner = need(domains=("tourism",), starts_on=start)
    both = need(domains=("tourism", "culture-arts"), starts_on=start + timedelta(days=40))
    none = need(domains=("law",), starts_on=start - timedelta(days=40))
    draft = make_need(NeedStatus.DRAFT, domains=("tourism", "culture-arts"))
    guide = expert("Adjo", ("tourism", "culture-arts"))
    ours = MissionNeed.objects.filter(pk__in=[later.pk, sooner.pk, both.pk, none.pk, draft.pk])
    with CaptureQueriesContext(connection) as queries:
        seen: list[Any] = list(needs_for_expert(guide, ours))
    assert seen == [both, sooner, later, none]
    assert [n.matching_domains for n in seen] == [2, 1, 1, 0]
    assert len(queries) == 1
