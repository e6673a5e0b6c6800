"""The register's pages cost a few queries, whatever the number of reports: no query per
row, no COUNT of what a user may see (pages go by "next" and "previous"), and the
median delays read in one query."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from difficulties.choices import DifficultyStatus
from difficulties.models import Difficulty
from tests.cases.pages import persona_client
from tests.difficulties.builders import empty_the_register, make_difficulty

S = DifficultyStatus
COUNT = re.compile(r"SELECT COUNT\(\*\)", re.S)


@pytest.fixture(autouse=True)
def empty_register(cast: dict[str, Any]) -> None:
    empty_the_register()


def _reports(n: int) -> None:
    states = [S.REPORTED, S.QUALIFIED, S.REFERRED, S.ANSWERED, S.RESOLVED]
    for i in range(n):
        make_difficulty(states[i % len(states)], category=["passport", "visa"][i % 2])


def _queries(cast: dict[str, Any], persona: str, url: str) -> list[str]:
    client = persona_client(cast, persona)
    client.get(url)  # the session and the caches, read once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize(("persona", "most"), [("officer", 5), ("auditor", 5), ("focal_paris", 6)])
def test_the_register_runs_the_same_few_queries_for_3_or_30_reports(
    cast: dict[str, Any], persona: str, most: int
) -> None:
    url = reverse("difficulties:list") + "?category=passport"
    _reports(3)
    few = _queries(cast, persona, url)
    _reports(27)
    many = _queries(cast, persona, url)

    assert len(many) == len(few) <= most, "\n".join(many)
    assert not any(COUNT.search(sql) for sql in many)


def test_a_report_s_page_runs_the_same_few_queries_however_long_its_story(
    cast: dict[str, Any],
) -> None:
    short = make_difficulty(S.REPORTED)
    long = make_difficulty(S.UNRESOLVED)

    few = _queries(cast, "officer", reverse("difficulties:detail", args=[short.pk]))
    many = _queries(cast, "officer", reverse("difficulties:detail", args=[long.pk]))

    assert len(many) <= len(few) + 1 <= 10, "\n".join(many)


def test_a_report_with_many_duplicates_and_answers_costs_no_more(cast: dict[str, Any]) -> None:
    main = make_difficulty(S.QUALIFIED)
    url = reverse("difficulties:detail", args=[main.pk])
    before = _queries(cast, "focal_paris", url)
    for _ in range(4):
        duplicate = make_difficulty(S.REPORTED)
        Difficulty.objects.filter(pk=duplicate.pk).update(status=S.DUPLICATE, merged_into=main)

    after = _queries(cast, "focal_paris", url)

    assert len(after) == len(before), "\n".join(after)


@pytest.mark.parametrize(
    ("route", "persona", "most"),
    [
        ("difficulties:create", "focal_paris", 6),
        ("difficulties:administration_list", "officer", 4),
    ],
)
def test_the_forms_run_a_few_queries(
    cast: dict[str, Any], route: str, persona: str, most: int
) -> None:
    queries = _queries(cast, persona, reverse(route))
    assert len(queries) <= most, "\n".join(queries)
