"""Two approvals of the last place of a need at the same moment, each in its own thread
and connection: the need and the expert are read locked, so one wins and the other is
refused in words (PostgreSQL; SQLite cannot queue the writers here)."""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError

from audit.models import Source
from missions import services
from missions.choices import MissionStatus, NeedStatus
from missions.models import Mission, MissionNeed
from processes.transitions import ConditionsUnmet
from tests.concurrency import CONCURRENT, at_once
from tests.missions.builders import _fresh_expert, make_mission, make_need, user

pytestmark = CONCURRENT
ROUNDS = 5


def approval(mission_id: int) -> Any:
    def approve() -> Mission:
        officer = user("officer")
        mission = Mission.objects.get(pk=mission_id)
        return services.mission_approve(mission=mission, by=officer, source=Source.API)

    return approve


def test_two_approvals_of_the_last_place_cannot_both_win(cast: dict[str, Any]) -> None:
    for _ in range(ROUNDS):
        need = make_need(volunteers=1)
        first = make_mission(MissionStatus.SELECTED, need=need)
        second = make_mission(MissionStatus.SELECTED, need=need, expert=_fresh_expert(need))
        outcomes = at_once([approval(first.pk), approval(second.pk)])
        won = [o for o in outcomes if isinstance(o, Mission)]
        refused = [o for o in outcomes if isinstance(o, ConditionsUnmet)]
        assert (len(won), len(refused)) == (1, 1), outcomes
        assert "Cette demande est pourvue" in refused[0].detail
        assert Mission.objects.filter(need=need, status=MissionStatus.APPROVED).count() == 1
        assert MissionNeed.objects.get(pk=need.pk).status == NeedStatus.STAFFED


def test_two_approvals_of_one_expert_on_the_same_days_cannot_both_win(
    cast: dict[str, Any],
) -> None:
    for _ in range(ROUNDS):
        first_need = make_need(volunteers=1)
        second_need = make_need(starts_on=first_need.starts_on, volunteers=1)
        first = make_mission(MissionStatus.SELECTED, need=first_need)
        second = make_mission(MissionStatus.SELECTED, need=second_need)
        outcomes = at_once([approval(first.pk), approval(second.pk)])
        refused = [o for o in outcomes if isinstance(o, ConditionsUnmet)]
        assert len(refused) == 1, outcomes
        assert "aux mêmes dates" in refused[0].detail


def need_cancel(need_id: int) -> Any:
    def cancel() -> MissionNeed:
        need = MissionNeed.objects.get(pk=need_id)
        return services.need_cancel(
            need=need, comment="Budget retiré.", by=user("officer"), source=Source.API
        )

    return cancel


def test_an_approval_and_the_need_s_cancel_at_once_do_not_deadlock(
    cast: dict[str, Any],
) -> None:
    """Every path locks the need before its missions: the approval and the need's
    cancel queue one behind the other, and the mission ends cancelled either way."""
    for _ in range(ROUNDS):
        need = make_need(volunteers=1)
        mission = make_mission(MissionStatus.SELECTED, need=need)
        outcomes = at_once([approval(mission.pk), need_cancel(need.pk)])
        broken = [o for o in outcomes if isinstance(o, DatabaseError)]
        assert broken == [], outcomes
        assert MissionNeed.objects.get(pk=need.pk).status == NeedStatus.CANCELLED
        assert Mission.objects.get(pk=mission.pk).status == MissionStatus.CANCELLED
