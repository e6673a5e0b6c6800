"""Queries per endpoint: each answer reads a fixed number of queries, however many
needs, missions, domains, reports or candidates it shows."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from missions.choices import MissionStatus, NeedStatus
from tests.missions.builders import make_mission, make_need
from tests.workflows.builders import pdf_upload

pytestmark = pytest.mark.django_db


def queries(who: str, path: str) -> int:
    """The queries of one request, as a request reads them: the caller's roles and
    institutions are read afresh (a new user object), as they are on every request."""
    client = APIClient()
    client.force_authenticate(User.objects.get(username=who))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(captured)


def more_needs(count: int) -> None:
    for _ in range(count):
        need = make_need(NeedStatus.PUBLISHED, host="univ_lome")
        make_mission(MissionStatus.REPORTED, need=need, expert_user="expert_paris")


# The queries of each list, by caller: the roles, the host's institutions (or the
# expert's profile), the page, its prefetches (a need's domains; a mission's reports and
# their authors), and for a host the contacts it may read, once for the whole page.
LISTS = {
    "/api/v1/mission-needs/": {
        "officer": 3,
        "univ_lome": 4,
        "expert_paris": 4,
        "focal_paris": 3,
        "auditor": 3,
    },
    "/api/v1/missions/": {
        "officer": 4,
        "univ_lome": 6,
        "expert_paris": 5,
        "focal_paris": 5,
        "auditor": 4,
    },
}


@pytest.mark.parametrize(
    ("path", "who", "expected"),
    [(path, who, count) for path, counts in LISTS.items() for who, count in counts.items()],
)
def test_each_list_reads_a_fixed_number_of_queries(
    cast: dict[str, Any], path: str, who: str, expected: int
) -> None:
    more_needs(1)
    few = queries(who, path)
    more_needs(3)
    assert queries(who, path) == few == expected


def counts_of(path: str, names: tuple[str, ...]) -> dict[str, int]:
    """The host's queries on each of an object's endpoints."""
    return {name: queries("univ_lome", path + name) for name in names}


def test_a_needs_endpoints_read_a_fixed_number_of_queries(
    cast: dict[str, Any], api_as: Any, teaching_need: Any
) -> None:
    host = api_as("univ_lome")
    host.post(
        f"/api/v1/mission-needs/{teaching_need.pk}/attachments/",
        {"file": pdf_upload(), "kind": "syllabus"},
        format="multipart",
    )
    path = f"/api/v1/mission-needs/{teaching_need.pk}/"
    counts = counts_of(path, ("", "transitions/", "history/", "attachments/", "candidates/"))
    # The caller's roles and institutions, the need (with its domains), then: the
    # history; the pieces; the need's domains and the ranking, and the contacts it reads;
    # the transitions offered read whether a mission holds a place (a host's cancel).
    assert counts == {
        "": 4,
        "transitions/": 5,
        "history/": 5,
        "attachments/": 5,
        "candidates/": 7,
    }


def test_a_missions_endpoints_read_a_fixed_number_of_queries(
    cast: dict[str, Any], api_as: Any
) -> None:
    mission = make_mission(MissionStatus.REPORTED, expert_user="expert_paris")
    path = f"/api/v1/missions/{mission.pk}/"
    counts = counts_of(path, ("", "transitions/", "history/", "attachments/", "documents/"))
    # The caller's roles and institutions, the mission (with its need and expert), then:
    # its reports and their authors, and the contacts; the history; the pieces; the
    # generated documents and the pieces; the transitions offered read the caller's
    # side's report (one report per side).
    assert counts == {
        "": 6,
        "transitions/": 4,
        "history/": 4,
        "attachments/": 4,
        "documents/": 5,
    }
