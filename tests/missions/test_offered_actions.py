"""The action panels offer only what the services would take: a side that reported is
not offered a second report, a candidacy on a need no longer published is not moved, a
host is not offered the cancellation of a need that holds an approved mission."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from missions import services
from missions.choices import MissionStatus, NeedStatus
from missions.transitions import MISSION_TRANSITIONS, NEED_TRANSITIONS
from tests.missions.builders import _fresh_expert, make_mission, make_need

pytestmark = pytest.mark.django_db
M = MissionStatus


def test_a_side_that_reported_is_not_offered_its_report_again(
    expert_paris: User, univ_lome: User
) -> None:
    mission = make_mission(M.IN_PROGRESS)
    mission = services.mission_report(
        mission=mission, report="Cours donnés.", rating=5, by=expert_paris, source="web"
    )
    assert "report" not in MISSION_TRANSITIONS.available_names(expert_paris, mission)
    assert "report" in MISSION_TRANSITIONS.available_names(univ_lome, mission)


def test_candidacies_on_a_staffed_need_are_not_moved(
    expert_paris: User, doctor_brussels: User, univ_lome: User
) -> None:
    need = make_need(NeedStatus.PUBLISHED, volunteers=1)
    applied = make_mission(M.APPLIED, need=need)
    invited = make_mission(M.INVITED, need=need, expert_user="doctor_brussels")
    make_mission(M.APPROVED, need=need, expert=_fresh_expert(need))
    need.refresh_from_db()
    assert need.status == NeedStatus.STAFFED
    applied.refresh_from_db()
    invited.refresh_from_db()
    offered = MISSION_TRANSITIONS.available_names(univ_lome, applied)
    assert not {"shortlist", "select"} & set(offered)
    assert "accept" not in MISSION_TRANSITIONS.available_names(doctor_brussels, invited)


def test_a_host_is_not_offered_to_cancel_a_need_holding_an_approved_mission(
    univ_lome: User, officer: User
) -> None:
    need = make_need(NeedStatus.PUBLISHED, volunteers=2)
    make_mission(M.APPROVED, need=need)
    need.refresh_from_db()
    assert "cancel" not in NEED_TRANSITIONS.available_names(univ_lome, need)
    assert "cancel" in NEED_TRANSITIONS.available_names(officer, need)
