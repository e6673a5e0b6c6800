"""`manage.py remind_mission_reports`: seven days after a mission's end, each side whose
report is missing is reminded once, ever."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from audit.models import HistoryEntry
from missions import services
from missions.choices import MissionStatus
from missions.models import Mission, MissionNeed
from tests.matrix import recipients
from tests.missions.builders import make_mission

pytestmark = pytest.mark.django_db
M = MissionStatus
EXPERT = ["expert_paris@example.org"]
HOST = ["contact@univ-lome.example.org", "univ_lome@example.org"]


def ended(mission: Mission, days_ago: int) -> Mission:
    end = timezone.localdate() - timedelta(days=days_ago)
    MissionNeed.objects.filter(pk=mission.need_id).update(
        starts_on=end - timedelta(days=13), ends_on=end
    )
    return mission


@pytest.fixture
def remind(mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> Any:
    def run() -> tuple[list[Any], str]:
        mailoutbox.clear()
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("remind_mission_reports", stdout=out)
        return list(mailoutbox), out.getvalue()

    return run


def only_ours(mails: list[Any], mission: Mission) -> list[Any]:
    """The demo's own missions may be due too: the mails about `mission`."""
    return [m for m in mails if f"/missions/missions/{mission.pk}/" in m.body]


def test_both_sides_are_reminded_once_ever(remind: Any, cast: dict[str, Any]) -> None:
    mission = ended(make_mission(M.IN_PROGRESS), days_ago=7)
    mails, out = remind()
    mine = only_ours(mails, mission)
    assert recipients(mine) == sorted(EXPERT + HOST)
    assert {m.subject for m in mine} == {"Rapport de mission à déposer"}
    assert "Rappels de rapport envoyés" in out
    rows = HistoryEntry.objects.for_object(mission).filter(action="remind_report")
    assert sorted(r.data["side"] for r in rows) == ["expert", "host"]
    assert {(r.by, r.source) for r in rows} == {(None, "command")}
    assert remind()[0] == []


def test_only_the_missing_side_is_reminded(
    remind: Any, expert_paris: User, cast: dict[str, Any]
) -> None:
    mission = ended(make_mission(M.IN_PROGRESS), days_ago=30)
    services.mission_report(
        mission=mission, report="Cours.", rating=5, by=expert_paris, source="web"
    )
    assert recipients(only_ours(remind()[0], mission)) == HOST


def test_not_before_seven_days_after_the_end(remind: Any, cast: dict[str, Any]) -> None:
    mission = ended(make_mission(M.IN_PROGRESS), days_ago=6)
    assert only_ours(remind()[0], mission) == []
    assert not HistoryEntry.objects.for_object(mission).filter(action="remind_report").exists()


@pytest.mark.parametrize("state", [M.APPROVED, M.CERTIFIED, M.CANCELLED])
def test_missions_not_under_way_are_not_reminded(
    remind: Any, cast: dict[str, Any], state: str
) -> None:
    mission = ended(make_mission(state), days_ago=10)
    assert only_ours(remind()[0], mission) == []


def test_reminded_on_a_later_day_for_a_side_still_missing_only_once(
    remind: Any, univ_lome: User, cast: dict[str, Any]
) -> None:
    mission = ended(make_mission(M.IN_PROGRESS), days_ago=8)
    remind()
    services.mission_report(mission=mission, report="Utile.", rating=4, by=univ_lome, source="web")
    assert only_ours(remind()[0], mission) == []
