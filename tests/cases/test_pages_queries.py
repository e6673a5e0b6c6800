"""The cell's pages cost a few queries, whatever the number of cases: no query per row, and
no COUNT of the cases a user may see (pages go by "next" and "previous")."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import Source
from cases import services
from cases.models import Case, Referral
from tests.cases.builders import FULL_ANSWERS, add_referral, case_in, days, new_case
from tests.cases.pages import persona_client, table_row, text

COUNT_OF_CASES = re.compile(r'SELECT COUNT\(\*\).*FROM "cases_case"', re.S)


@pytest.fixture
def cases_of(cast: dict[str, Any]) -> Callable[[str, int], list[Case]]:
    """`cases_of("caseworker1", n)`: n registered cases, every other one with an overdue
    and a pending referral (rows written directly: only their count matters here)."""
    users = cast["users"]

    def make(owner: str, n: int) -> list[Case]:
        made = []
        for i in range(n):
            case = new_case(users[owner], last_name=f"Dossier{i:03d}")
            if i % 2:
                for due in (-3, 10):
                    Referral.objects.create(
                        case=case,
                        service="health",
                        provider=f"Prestataire {i}",
                        due_date=days(due),
                        created_by=users[owner],
                    )
            made.append(case)
        return made

    return make


@pytest.mark.parametrize("rows", [5, 50])
def test_mes_dossiers_runs_the_same_few_queries_for_5_or_50_cases(
    cast: dict[str, Any],
    cases_of: Callable[[str, int], list[Case]],
    django_assert_max_num_queries: Any,
    rows: int,
) -> None:
    made = cases_of("caseworker1", rows)
    client = persona_client(cast, "caseworker1")

    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(5):
        response = client.get(reverse("cases:case_list"))

    assert response.status_code == 200
    page = text(response)
    with_referrals = next(c for c in reversed(made) if made.index(c) % 2)
    without = next(c for c in reversed(made) if not made.index(c) % 2)
    assert '<span class="badge text-bg-danger"' in table_row(page, with_referrals)
    assert '<span class="badge text-bg-danger"' not in table_row(page, without)
    assert not any(COUNT_OF_CASES.search(q["sql"]) for q in queries.captured_queries)


@pytest.mark.parametrize("rows", [5, 50])
def test_the_supervisors_filtered_list_runs_the_same_few_queries(
    cast: dict[str, Any],
    cases_of: Callable[[str, int], list[Case]],
    django_assert_max_num_queries: Any,
    rows: int,
) -> None:
    cases_of("caseworker1", rows)
    cases_of("caseworker2", rows)
    client = persona_client(cast, "supervisor")

    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(6):
        response = client.get(reverse("cases:case_list"), {"overdue": "on", "status": "registered"})

    assert response.status_code == 200
    assert not any(COUNT_OF_CASES.search(q["sql"]) for q in queries.captured_queries)


def test_the_case_list_pages_by_next_and_previous(
    cast: dict[str, Any], cases_of: Callable[[str, int], list[Case]]
) -> None:
    made = cases_of("caseworker1", 30)
    client = persona_client(cast, "caseworker1")

    first = text(client.get(reverse("cases:case_list")))
    assert made[-1].reference in first and made[4].reference not in first
    next_url = re.search(r'href="(\?after=[^"]+)" rel="next"', first)
    assert next_url
    second = text(client.get(reverse("cases:case_list") + next_url.group(1).replace("&amp;", "&")))
    assert made[4].reference in second and made[-1].reference not in second
    assert 'rel="prev"' in second
    assert 'rel="next"' not in second


@pytest.mark.parametrize("rows", [2, 10])
def test_the_case_page_runs_the_same_queries_for_few_or_many_referrals_and_visits(
    cast: dict[str, Any], django_assert_max_num_queries: Any, rows: int
) -> None:
    users = cast["users"]
    worker = users["caseworker1"]
    case = case_in("in_support", caseworker=worker, supervisor=users["supervisor"])
    for i in range(rows):
        add_referral(case, worker, provider=f"Prestataire {i}", due_date=days(i - 1))
        services.follow_up_record(
            case=case, by=worker, source=Source.WEB, visit_date=days(-i), answers=FULL_ANSWERS
        )
    client = persona_client(cast, "caseworker1")

    # Session, user, roles, the case and its prefetches, the read row, history, attachments,
    # the plan's PDF versions.
    with django_assert_max_num_queries(13):
        response = client.get(case.get_absolute_url())

    assert response.status_code == 200
    assert text(response).count('class="list-group-item referral-overdue"') == 1


@pytest.mark.parametrize("persona", ["caseworker1", "supervisor"])
@pytest.mark.parametrize("rows", [5, 50])
def test_the_home_page_and_the_inbox_of_the_cell_run_a_constant_number_of_queries(
    cast: dict[str, Any],
    cases_of: Callable[[str, int], list[Case]],
    django_assert_max_num_queries: Any,
    persona: str,
    rows: int,
) -> None:
    cases_of("caseworker1", rows)
    client = persona_client(cast, persona)

    # The home page holds the inbox's first items, and the cell's own blocks.
    with django_assert_max_num_queries(8):
        home = client.get(reverse("home"))
    with django_assert_max_num_queries(5):
        inbox = client.get(reverse("tasks"))

    assert home.status_code == inbox.status_code == 200
    assert "Orientations en retard" in text(home)


@pytest.mark.parametrize("rows", [2, 8])
def test_the_decision_queue_runs_a_constant_number_of_queries(
    cast: dict[str, Any], django_assert_max_num_queries: Any, rows: int
) -> None:
    users = cast["users"]
    for _ in range(rows):
        case_in("plan_submitted", caseworker=users["caseworker1"], supervisor=users["supervisor"])
    client = persona_client(cast, "supervisor")

    with django_assert_max_num_queries(7):
        response = client.get(reverse("cases:decision_queue"))

    assert response.status_code == 200
    assert text(response).count("Approuver le plan") == rows + 1  # and the demo's


@pytest.mark.parametrize("rows", [5, 50])
def test_the_caseload_runs_a_constant_number_of_queries(
    cast: dict[str, Any],
    cases_of: Callable[[str, int], list[Case]],
    django_assert_max_num_queries: Any,
    rows: int,
) -> None:
    cases_of("caseworker1", rows)
    cases_of("caseworker2", rows)
    client = persona_client(cast, "supervisor")

    with django_assert_max_num_queries(6):
        response = client.get(reverse("cases:caseload"))

    assert response.status_code == 200
