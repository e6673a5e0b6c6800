"""The inbox ("Mes tâches", `/api/v1/tasks/`, the home page's first block) comes a page at
a time: oldest first across the sources, every row once even when many share a moment,
each source reading one page of rows whatever the number of open tasks."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Task

from accounts.work import Window
from audit.models import Source
from config.work import work_items
from tests.difficulties.builders import empty_the_register
from workflows import services
from workflows.models import Proposal, ProposalStatus

S = ProposalStatus
PAGE = 25


@pytest.fixture(autouse=True)
def only_the_proposals_tasks(db: None) -> None:
    """The officer's inbox holds only the proposals these tests make (the demo's reports
    of the difficulties register wait on the officer too)."""
    empty_the_register()


def _screening(make_proposal: Any, count: int) -> list[Proposal]:
    return [make_proposal(S.SUBMITTED, title=f"Projet n° {n}") for n in range(count)]


def _member_work(make_proposal: Any, cast: dict[str, Any], drafts: int, returned: int) -> None:
    """Drafts (rows of the proposals' table) and returned proposals (flow tasks) of the
    Paris association, all of them waiting since the same moment."""
    for n in range(drafts):
        make_proposal(title=f"Brouillon n° {n}")
    for n in range(returned):
        services.proposal_return_for_completion(
            proposal=make_proposal(S.SUBMITTED, title=f"Renvoyé n° {n}"),
            by=cast["users"]["officer"],
            source=Source.WEB,
            comment="Joignez le devis.",
        )
    moment = timezone.now().replace(microsecond=0)
    Proposal.objects.update(updated_at=moment)
    Task.objects.update(created=moment)


def _seen(item: Any) -> tuple[Any, ...]:
    return (item.process, item.object_id, item.task, item.since)


def _row(row: dict[str, Any]) -> tuple[Any, ...]:
    since = datetime.datetime.fromisoformat(row["since"].replace("Z", "+00:00"))
    return (row["process"], row["object_id"], row["task"], since)


def _api_chain(client: Any, page_size: int) -> list[tuple[Any, ...]]:
    """Every row of the API's inbox, page after page."""
    rows: list[tuple[Any, ...]] = []
    url: str | None = f"/api/v1/tasks/?page_size={page_size}"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        assert len(body["results"]) <= page_size
        rows += [_row(row) for row in body["results"]]
        url = body["next"]
    return rows


@pytest.mark.parametrize("page_size", [1, 2, 3, 50])
def test_the_apis_pages_chain_to_the_end_without_a_row_lost_or_repeated(
    make_proposal: Any, cast: dict[str, Any], api_for: Any, page_size: int
) -> None:
    member = cast["users"]["assoc_paris"]
    _member_work(make_proposal, cast, drafts=4, returned=3)
    everything = [_seen(item) for item in work_items(member)]
    assert {row[2] for row in everything} == {"finish_draft", "completion"}
    assert len(everything) == 7

    assert _api_chain(api_for(member), page_size) == everything


def test_the_pages_links_lead_to_the_next_and_back_to_the_previous_rows(
    make_proposal: Any, cast: dict[str, Any], client_for: Any
) -> None:
    member = cast["users"]["assoc_paris"]
    _member_work(make_proposal, cast, drafts=PAGE + 3, returned=PAGE)
    everything = [item.url for item in work_items(member)]
    client = client_for(member)

    def rows_and_links(url: str) -> tuple[list[str], str, str]:
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        found = {
            rel: href.replace("&amp;", "&")
            for href, rel in re.findall(r'href="([^"]+)" rel="(next|prev)"', page)
        }
        return (
            [item.url for item in response.context["items"]],
            found.get("next", ""),
            found.get("prev", ""),
        )

    pages = []
    url = reverse("tasks")
    previous = ""
    while url:
        rows, url, previous = rows_and_links(url if url.startswith("/") else reverse("tasks") + url)
        pages.append(rows)
    assert [len(rows) for rows in pages] == [PAGE, PAGE, 3]
    assert [url for rows in pages for url in rows] == everything
    assert "Plus de 25 tâches." in client.get(reverse("tasks")).content.decode()

    # Back from the last page, page by page, to the first (which has no "previous" link).
    backwards = []
    while previous:
        rows, _, previous = rows_and_links(reverse("tasks") + previous)
        backwards.append(rows)
    assert backwards == pages[-2::-1]


def test_a_cursor_the_api_did_not_make_is_a_400_that_says_so(
    cast: dict[str, Any], api_for: Any
) -> None:
    client = api_for(cast["users"]["officer"])
    for cursor in ["not-a-cursor", "W10", "WyIyMDI2IiwidGFzayIsMV0", "é"]:
        response = client.get("/api/v1/tasks/", {"cursor": cursor})
        assert response.status_code == 400
        assert "curseur" in response.json()["detail"]
        assert "cursor" in response.json()["errors"]


def test_a_cursor_the_page_did_not_make_shows_the_first_page(
    make_proposal: Any, cast: dict[str, Any], client_for: Any
) -> None:
    _screening(make_proposal, 2)
    response = client_for(cast["users"]["officer"]).get(reverse("tasks"), {"after": "xyz"})
    assert response.status_code == 200
    assert len(response.context["items"]) == 2
    assert "2 tâches." in response.content.decode()


@pytest.mark.parametrize("rows", [5, 120])
def test_the_inbox_reads_one_page_of_rows_per_source_whatever_the_open_tasks(
    make_proposal: Any,
    cast: dict[str, Any],
    client_for: Any,
    api_for: Any,
    django_assert_max_num_queries: Any,
    rows: int,
) -> None:
    if rows > 5:
        # The flow's tasks of many proposals: copies of one proposal's screening task.
        [proposal] = _screening(make_proposal, 1)
        task = Task.objects.get(process__proposalprocess__proposal=proposal, status="NEW")
        for _ in range(rows - 1):
            task.pk = None
            task.save()
    else:
        _screening(make_proposal, rows)
    officer = cast["users"]["officer"]
    page = client_for(officer)
    api = api_for(officer)

    with CaptureQueriesContext(connection) as queries:
        response = page.get(reverse("tasks"))
    assert len(response.context["items"]) == min(rows, PAGE)
    assert len(queries) <= 9
    limits = [int(n) for n in re.findall(r"\bLIMIT (\d+)", " ".join(q["sql"] for q in queries))]
    assert limits and max(limits) <= PAGE + 1

    with django_assert_max_num_queries(6):
        answer = api.get("/api/v1/tasks/")
    assert len(answer.json()["results"]) == min(rows, 50)
    assert (answer.json()["next"] is not None) == (rows > 50)

    with django_assert_max_num_queries(12):
        home = page.get(reverse("home"))
    [tasks] = [section for section in home.context["sections"] if section.title == "Mes tâches"]
    assert len(tasks.items) == min(rows, 6)


def test_page_size_is_bounded_like_every_list(
    make_proposal: Any, cast: dict[str, Any], api_for: Any
) -> None:
    _screening(make_proposal, 3)
    client = api_for(cast["users"]["officer"])
    assert len(client.get("/api/v1/tasks/", {"page_size": 2}).json()["results"]) == 2
    assert len(client.get("/api/v1/tasks/", {"page_size": 0}).json()["results"]) == 3
    assert len(client.get("/api/v1/tasks/", {"page_size": "x"}).json()["results"]) == 3
    assert len(client.get("/api/v1/tasks/", {"page_size": 10**6}).json()["results"]) == 3


def test_the_schema_says_the_inbox_is_paginated(api_for: Any, cast: dict[str, Any]) -> None:
    schema = api_for(cast["users"]["officer"]).get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/tasks/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["page_size"]["schema"]["maximum"] == 200
    assert "400" in parameters["cursor"]["description"]
    assert "400" in operation["responses"]
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    if "$ref" in body:
        body = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    assert body["properties"]["next"]["nullable"] is True


def test_a_window_before_a_row_reads_the_rows_just_before_it(
    make_proposal: Any, cast: dict[str, Any]
) -> None:
    member = cast["users"]["assoc_paris"]
    _member_work(make_proposal, cast, drafts=3, returned=3)
    everything = work_items(member)
    assert work_items(member, Window(before=everything[4].key, size=2)) == everything[2:4]
    assert work_items(member, Window(after=everything[1].key, size=3)) == everything[2:5]
