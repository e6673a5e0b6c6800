"""The benchmark harness (bench/) still runs: its in-process table at a tiny size."""

from __future__ import annotations

from typing import Any

import pytest

from bench import pages

LABELS = [
    "baseline: trivial logged-in page",
    "transition web: return_for_completion",
    "transition web: resubmit",
    "transition API: return_for_completion",
    "transition API: resubmit",
    "proposal list page (officer)",
    "/api/v1/proposals/ (officer, 50 rows)",
    "/tasks/ (assoc_paris)",
    "proposal page (officer)",
    "case list page (supervisor)",
]


@pytest.fixture
def bench_urls(settings: Any) -> None:
    settings.ROOT_URLCONF = "bench.urls"


def test_the_in_process_table_has_a_row_per_page_with_its_queries(
    cast: dict[str, Any], bench_urls: None
) -> None:
    found = pages.subjects(pool_size=2)
    assert len(found.pool) == 2
    rows = pages.measure(found, runs=1, warmup=0)
    assert [row.label for row in rows] == LABELS
    assert all(row.queries > 0 and row.median_ms > 0 for row in rows)
    # The baseline reads the session, its user and the user's roles, nothing else.
    assert rows[0].queries <= 3
    assert rows[0].ratio == 1
    table = pages.markdown(rows, "### 60 proposals")
    assert table.count("\n| ") == len(LABELS) + 1


def test_the_pool_is_found_again_rather_than_made_twice(
    cast: dict[str, Any], bench_urls: None
) -> None:
    first = pages.subjects(pool_size=2)
    assert pages.subjects(pool_size=2).pool == first.pool


def test_the_baseline_page_is_for_signed_in_users_only(client: Any, bench_urls: None) -> None:
    response = client.get("/bench/ping/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
