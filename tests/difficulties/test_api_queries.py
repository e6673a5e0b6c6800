"""Queries per endpoint: the register's list and a report's endpoints read a fixed
number of queries however many reports and answers there are; the public tracking
answer too, whatever the report's answers and duplicates."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.api.missions.test_performance import queries
from tests.difficulties.builders import make_difficulty

pytestmark = pytest.mark.django_db

STAFF = "/api/v1/difficulties/"


def anonymous_queries(path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = APIClient().get(path)
    assert response.status_code == 200, response.content
    return len(captured)


def more_reports(count: int) -> None:
    for _ in range(count):
        make_difficulty("answered")
        make_difficulty("referred", country="SN", by=User.objects.get(username="officer"))


# The caller's roles, the page, the answers (with their authors and administrations),
# and for a focal point its embassies, once, to know whose contact it reads.
LISTS = {"officer": 3, "focal_paris": 4, "auditor": 3}


@pytest.mark.parametrize(("who", "expected"), LISTS.items())
def test_the_list_reads_a_fixed_number_of_queries(
    cast: dict[str, Any], who: str, expected: int
) -> None:
    more_reports(1)
    few = queries(who, STAFF)
    more_reports(3)
    assert queries(who, STAFF) == few == expected


def test_a_reports_endpoints_read_a_fixed_number_of_queries(cast: dict[str, Any]) -> None:
    difficulty = make_difficulty("answered")

    def counts() -> dict[str, int]:
        path = f"{STAFF}{difficulty.pk}/"
        return {
            name: queries("focal_paris", path + name)
            for name in ("", "transitions/", "history/", "attachments/")
        }

    few = counts()
    officer = User.objects.get(username="officer")
    for _ in range(3):
        make_difficulty("answered")
    from difficulties.models import DifficultyAnswer

    DifficultyAnswer.objects.bulk_create(
        DifficultyAnswer(difficulty=difficulty, text=f"Réponse {n}", by=officer) for n in range(3)
    )
    assert counts() == few
    # The caller's roles, the report (with its embassy, administrations, recorder and
    # main report), then: its answers (with their authors and administrations) and the
    # focal point's embassies; the embassies (who may fire); the history; the pieces.
    assert few == {"": 4, "transitions/": 3, "history/": 3, "attachments/": 3}


def test_the_public_tracking_answer_reads_a_fixed_number_of_queries(
    cast: dict[str, Any],
) -> None:
    main = make_difficulty("answered")
    duplicate = make_difficulty("duplicate")
    from difficulties.models import Difficulty, DifficultyAnswer

    Difficulty.objects.filter(pk=duplicate.pk).update(merged_into=main)
    few = anonymous_queries(f"/api/v1/public/difficulties/{duplicate.tracking_code}/")
    officer = User.objects.get(username="officer")
    DifficultyAnswer.objects.bulk_create(
        DifficultyAnswer(difficulty=main, text=f"Réponse {n}", by=officer) for n in range(3)
    )
    # The code's report with its main one, then the main one's answers.
    assert anonymous_queries(f"/api/v1/public/difficulties/{duplicate.tracking_code}/") == few == 2
