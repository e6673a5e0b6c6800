"""The ranking benchmark (bench/matching.py) still runs: its data and its table at a
tiny size."""

from __future__ import annotations

from typing import Any

import pytest

from bench import matching
from missions.models import Availability, Mission, MissionReport
from registry.models import Expert


@pytest.mark.django_db
def test_the_ranking_table_has_a_row_per_need_with_its_queries(cast: dict[str, Any]) -> None:
    wanted = Expert.objects.count() + 300
    matching.fill(wanted, seed=3)
    assert Expert.objects.count() == wanted
    assert Availability.objects.exists()
    certified = Mission.objects.filter(status="certified")
    assert certified.exists()
    assert MissionReport.objects.filter(mission__in=certified, author="host").exists()
    matching.fill(wanted, seed=3)
    assert Expert.objects.count() == wanted
    timings = matching.measure(matching.needs_measured(), runs=2, warmup=0)
    assert [t.label for t in timings] == [
        "teaching need: ict, teaching; fr",
        "medical need: medicine; fr, kbp",
        "technical need: 4 domains; fr, en",
    ]
    assert all(t.candidates == 50 and t.queries == 2 and t.median_ms > 0 for t in timings)
    table = matching.markdown(timings, "### 300 experts")
    assert table.count("\n| ") == len(timings) + 1
