"""The sustainability scores of `case_stats` (latest visit, and first, second and third
visit as a trend) and the dashboard's reintegration section: no returnee's score, and
no mean over fewer than 5 cases, can be worked out from what they show together."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from django.contrib.auth.models import User
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Case, FollowUp
from observatory.access import scope_of
from observatory.filters import StatsFilters
from observatory.stats.cases import SCORES, case_stats
from registry.models import Region
from tests.a11y import Page
from tests.observatory.cases_scenario import MASK

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 6)


def returnees(visits: list[list[float]]) -> None:
    """One case per item of `visits`, with a follow-up visit per score it lists (every
    dimension scored alike), a month apart; the follow-ups already there removed so
    that only these count."""
    FollowUp.objects.all().delete()
    by = User.objects.get(username="supervisor")
    region = Region.objects.order_by("code").first()
    Case.objects.bulk_create(
        Case(
            reference=f"SCO-{i:03d}",
            first_name="Prénom",
            last_name=f"Nom{i}",
            sex="F",
            birth_year=1990,
            return_date=START,
            returned_from="FR",
            return_type="voluntary",
            region=region,
            status="in_support",
            created_by=by,
        )
        for i in range(len(visits))
    )
    cases = Case.objects.filter(reference__startswith="SCO-").order_by("reference")
    FollowUp.objects.bulk_create(
        FollowUp(
            case=case,
            visit_date=START + datetime.timedelta(days=30 * (number + 1)),
            created_by=by,
            **dict.fromkeys(SCORES, Decimal(str(score))),
        )
        for case, scores in zip(cases, visits, strict=True)
        for number, score in enumerate(scores)
    )


def stats() -> dict[str, Any]:
    scope = scope_of(User.objects.get(username="officer"))
    assert scope is not None
    return case_stats(scope, StatsFilters())


# Six returnees visited once, five of them twice: the one visited once scored 0.13.
SIX_AND_FIVE = [[0.5, 0.7], [0.6, 0.8], [0.4, 0.7], [0.9, 0.6], [0.3, 0.85], [0.13]]


def test_the_score_of_a_lone_returnee_visited_once_is_not_given_away(
    cast: dict[str, Any],
) -> None:
    """Latest visits' mean over 6 minus the second visits' mean over 5 would be the
    scores of the one returnee visited once; and 6 − 5 a count of 1."""
    returnees(SIX_AND_FIVE)

    figures = stats()

    assert figures["scores"] == dict.fromkeys(SCORES)
    first, second, third = figures["scores_by_round"]
    assert first["count"] == 6
    assert first["economic"] == pytest.approx((0.5 + 0.6 + 0.4 + 0.9 + 0.3 + 0.13) / 6, abs=1e-3)
    assert second == {"round": 2, "count": MASK, **dict.fromkeys(SCORES)}
    assert third == {"round": 3, "count": MASK, **dict.fromkeys(SCORES)}


def test_rounds_of_enough_returnees_each_are_shown_in_full(cast: dict[str, Any]) -> None:
    """Five returnees visited once, five twice, five three times: every figure shown."""
    returnees([[0.2]] * 5 + [[0.2, 0.4]] * 5 + [[0.2, 0.4, 0.6]] * 5)

    figures = stats()

    assert figures["scores"]["economic"] == pytest.approx(0.4)
    rounds = figures["scores_by_round"]
    assert [row["count"] for row in rounds] == [15, 10, 5]
    assert [row["economic"] for row in rounds] == pytest.approx([0.2, 0.4, 0.6])


def test_the_dashboard_shows_the_same(cast: dict[str, Any], client_for: Any) -> None:
    returnees(SIX_AND_FIVE)

    response = client_for(cast["users"]["officer"]).get("/observatoire/")
    page = Page(response)

    section = page.by_id["reintegration"]
    rows: dict[str, list[list[str]]] = {}
    for row in page.elements:
        if row.tag != "tr" or not any(a is section for a in row.ancestors()):
            continue
        cells = [cell.text() for cell in row.children if cell.tag in ("th", "td")]
        rows.setdefault(cells[0], []).append(cells[1:])
    first, second, third = (rows[f"{n} visite"][-1] for n in ("1re", "2e", "3e"))
    assert first[-1] == "6" and first[0] != "—"
    assert second == ["—"] * len(SCORES) + ["<5"]
    assert third == ["—"] * len(SCORES) + ["<5"]


# --- Whatever the visits: what the reader can work out ------------------------------


def derivable_groups(visits: list[list[float]], figures: dict[str, Any]) -> list[set[int]]:
    """The groups of 1 to 4 cases (or all of them, when fewer than 5 were visited)
    that some combination of the sums shown involves alone: the reader can then
    compute their scores, a difference of them, or their mean.

    Every visit of every case is an unknown; each mean shown (with the count it is
    over, known to this reader) is the sum of a set of unknowns. A combination of the
    shown sums involving only the visits of a group exists if and only if dropping the
    group's columns lowers the rank of the shown sums' matrix."""
    columns = [(case, n) for case, scores in enumerate(visits) for n in range(len(scores))]
    sets = []
    if figures["scores"]["economic"] is not None:
        sets.append({(case, len(scores) - 1) for case, scores in enumerate(visits) if scores})
    for row in figures["scores_by_round"]:
        if row["economic"] is not None:
            k = row["round"]
            sets.append({(case, k - 1) for case, scores in enumerate(visits) if len(scores) >= k})
    if not sets:
        return []
    matrix = np.array([[1.0 if column in shown else 0.0 for column in columns] for shown in sets])
    rank = np.linalg.matrix_rank(matrix)
    visited = sorted({case for case, _ in columns})
    found = []
    for group in itertools.combinations(visited, min(4, len(visited))):
        outside = [i for i, (case, _) in enumerate(columns) if case not in group]
        rest = np.linalg.matrix_rank(matrix[:, outside]) if outside else 0
        if rest < rank:
            found.append(set(group))
    return found


def exact_counts(visits: list[list[float]], figures: dict[str, Any]) -> list[int]:
    """The number of cases with exactly one visit, two, three or more, that the
    counts shown give by difference."""
    n = [row["count"] for row in figures["scores_by_round"]]
    found = [n[2]] if isinstance(n[2], int) else []
    for more, fewer in ((n[0], n[1]), (n[1], n[2])):
        if isinstance(more, int) and isinstance(fewer, int):
            found.append(more - fewer)
    return found


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    visits=st.lists(st.lists(st.integers(0, 100).map(lambda n: n / 100), max_size=4), max_size=12)
)
def test_no_score_of_fewer_than_five_returnees_can_be_worked_out(
    cast: dict[str, Any], visits: list[list[float]]
) -> None:
    with transaction.atomic():
        returnees(visits)
        figures = stats()
        transaction.set_rollback(True)

    assert derivable_groups(visits, figures) == []
    assert all(count >= 5 for count in exact_counts(visits, figures))
    # What is shown is the true mean.
    latest = [scores[-1] for scores in visits if scores]
    if figures["scores"]["economic"] is not None:
        assert figures["scores"]["economic"] == pytest.approx(sum(latest) / len(latest), abs=1e-3)
    for row in figures["scores_by_round"]:
        ranked = [scores[row["round"] - 1] for scores in visits if len(scores) >= row["round"]]
        assert row["count"] in ((len(ranked), MASK) if len(ranked) >= 5 else (MASK,))
        if row["economic"] is not None:
            assert row["economic"] == pytest.approx(sum(ranked) / len(ranked), abs=1e-3)
