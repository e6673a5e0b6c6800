"""The case and referral lists cost the same number of SQL queries for 5 rows as for 50."""

from __future__ import annotations

from typing import Any

import pytest

from cases import services
from tests.cases.builders import FULL_ANSWERS, SOURCE, add_referral, case_in, days, new_case

# Token lookup, roles, and the page itself (its overdue counts annotated on it).
MAX_QUERIES = 3


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize("who", ["caseworker1", "supervisor"])
def test_the_case_list_costs_a_fixed_number_of_queries(
    cast: dict[str, Any],
    token_client: Any,
    django_assert_max_num_queries: Any,
    who: str,
    rows: int,
) -> None:
    users = cast["users"]
    for _n in range(rows):
        new_case(users["supervisor"], caseworker="caseworker1")
    client = token_client(users[who])
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/api/v1/cases/", {"page_size": 100, "overdue": "false"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) >= rows
    assert all("vulnerabilities" in row for row in results)


@pytest.mark.parametrize("rows", [5, 50])
def test_the_referral_list_costs_a_fixed_number_of_queries(
    cast: dict[str, Any], token_client: Any, django_assert_max_num_queries: Any, rows: int
) -> None:
    users = cast["users"]
    case = case_in("in_support", caseworker=users["caseworker1"], supervisor=users["supervisor"])
    for n in range(rows):
        add_referral(case, users["caseworker1"], due_date=days(n - 3))
    client = token_client(users["caseworker1"])
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/api/v1/referrals/", {"page_size": 100})
    assert response.status_code == 200
    assert len(response.json()["results"]) == rows


# Token, roles, the case with its assessment, three prefetches (plan, referrals,
# follow-ups) and the read row.
DETAIL_QUERIES = 7


@pytest.mark.parametrize("rows", [1, 20])
def test_opening_a_case_costs_a_fixed_number_of_queries(
    cast: dict[str, Any], token_client: Any, django_assert_max_num_queries: Any, rows: int
) -> None:
    users = cast["users"]
    worker = users["caseworker1"]
    case = case_in("in_support", caseworker=worker, supervisor=users["supervisor"])
    for n in range(rows):
        add_referral(case, worker, due_date=days(n))
        services.follow_up_record(
            case=case, by=worker, source=SOURCE, visit_date=days(-n), answers=FULL_ANSWERS
        )
    client = token_client(users["supervisor"])
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(f"/api/v1/cases/{case.pk}/")
    assert response.status_code == 200
    assert len(response.json()["referrals"]) == rows
    assert len(response.json()["follow_ups"]) == rows
