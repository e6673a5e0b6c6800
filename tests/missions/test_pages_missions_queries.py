"""The mission pages cost a few queries, whatever the number of missions: no query per
row, and no COUNT of what a user may see (pages go by "next" and "previous")."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missions.choices import MissionStatus, NeedStatus
from missions.models import ProfessionalLicence
from tests.cases.pages import persona_client
from tests.missions.builders import _fresh_expert, expert_of, make_mission, make_need

COUNT = re.compile(r"SELECT COUNT\(\*\)", re.S)


def _missions(n: int) -> None:
    need = make_need(NeedStatus.PUBLISHED, volunteers=50)
    for _ in range(n):
        make_mission(MissionStatus.INVITED, need=need, expert=_fresh_expert(need))


def _queries(cast: dict[str, Any], persona: str, route: str, *args: Any) -> list[str]:
    client = persona_client(cast, persona)
    client.get(reverse(route, args=args))  # the session and the caches, read once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(route, args=args))
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize(("persona", "most"), [("officer", 4), ("univ_lome", 5)])
def test_the_missions_list_runs_the_same_few_queries_for_3_or_30_missions(
    cast: dict[str, Any], persona: str, most: int
) -> None:
    _missions(3)
    few = _queries(cast, persona, "missions:mission_list")
    _missions(27)
    many = _queries(cast, persona, "missions:mission_list")

    assert len(many) == len(few) <= most, many
    assert not any(COUNT.search(sql) for sql in many)


def test_mes_missions_runs_a_few_queries(cast: dict[str, Any]) -> None:
    for state in (MissionStatus.APPLIED, MissionStatus.INVITED, MissionStatus.SELECTED):
        make_mission(state)

    queries = _queries(cast, "expert_paris", "missions:mission_list")
    assert len(queries) <= 5


def test_the_mission_page_runs_the_same_few_queries_however_long_its_history(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    started = make_mission(MissionStatus.IN_PROGRESS)
    with django_capture_on_commit_callbacks(execute=True):
        certified = make_mission(MissionStatus.CERTIFIED)

    short = _queries(cast, "officer", "missions:mission_detail", started.pk)
    long = _queries(cast, "officer", "missions:mission_detail", certified.pk)

    assert len(long) == len(short) <= 9, "\n".join(long)


def test_the_licence_list_runs_the_same_few_queries_for_2_or_20_licences(
    cast: dict[str, Any],
) -> None:
    expert = expert_of("expert_paris")

    def licences(n: int, start: int) -> None:
        for i in range(start, start + n):
            ProfessionalLicence.objects.create(
                expert=expert, country="FR", number=f"FR-{i}", profession="Médecin"
            )

    licences(2, 0)
    few = _queries(cast, "officer", "missions:licence_list")
    licences(18, 2)
    many = _queries(cast, "officer", "missions:licence_list")

    assert len(many) == len(few) <= 5, many
