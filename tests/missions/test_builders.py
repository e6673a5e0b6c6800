"""The builders reach every state through the services (what the other tests stand on)."""

from __future__ import annotations

from typing import Any

import pytest

from missions.choices import MissionStatus, NeedStatus
from tests.missions.builders import make_mission, make_need

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", NeedStatus.values)
def test_a_need_in_any_state(cast: dict[str, Any], state: str) -> None:
    assert make_need(state).status == state


@pytest.mark.parametrize("state", MissionStatus.values)
@pytest.mark.parametrize("expert_user", ["expert_paris", "doctor_brussels"])
def test_a_mission_in_any_state(cast: dict[str, Any], state: str, expert_user: str) -> None:
    mission = make_mission(state, expert_user=expert_user)
    mission.refresh_from_db()
    assert mission.status == state
