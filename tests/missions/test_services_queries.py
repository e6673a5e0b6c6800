"""The queries each mission transition runs: a fixed number, whatever the data around it
(the need's other candidates, the expert's other missions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from missions import services
from missions.choices import MissionStatus
from missions.models import Mission
from tests.missions.builders import _fresh_expert, make_mission, make_need, user

pytestmark = pytest.mark.django_db
M = MissionStatus
WEB = "web"


def crowded(state: str) -> Mission:
    """A mission in `state` on a need with other candidates and approved missions."""
    need = make_need(volunteers=4)
    for _ in range(2):
        make_mission(M.APPLIED, need=need, expert=_fresh_expert(need))
    make_mission(M.APPROVED, need=need, expert=_fresh_expert(need))
    return make_mission(state, need=need)


def fire(name: str, mission: Mission) -> Callable[[], Any]:
    officer, host, expert = user("officer"), user("univ_lome"), user("expert_paris")
    return {
        "shortlist": lambda: services.mission_shortlist(mission=mission, by=host, source=WEB),
        "select": lambda: services.mission_select(mission=mission, by=host, source=WEB),
        "approve": lambda: services.mission_approve(mission=mission, by=officer, source=WEB),
        "start": lambda: services.mission_start(mission=mission, by=host, source=WEB),
        "report": lambda: services.mission_report(
            mission=mission, report="Cours.", rating=5, by=expert, source=WEB
        ),
        "withdraw": lambda: services.mission_withdraw(mission=mission, by=expert, source=WEB),
        "cancel": lambda: services.mission_cancel(
            mission=mission, comment="Grève.", by=officer, source=WEB
        ),
        "accept": lambda: services.mission_accept(mission=mission, by=expert, source=WEB),
    }[name]


# (transition, the mission's state before, its queries: the savepoints, the row locked,
# the access and the conditions, the save, the history row; the approval also locks
# the need and the expert, counts the places, looks for an overlap, counts them again;
# the approval, the withdrawal and the cancel lock the need first, in their own savepoint).
BOUNDS = [
    ("accept", M.INVITED, 9),
    ("shortlist", M.APPLIED, 8),
    ("select", M.SHORTLISTED, 8),
    ("approve", M.SELECTED, 17),
    ("start", M.APPROVED, 8),
    ("report", M.IN_PROGRESS, 10),
    ("withdraw", M.APPROVED, 12),
    ("cancel", M.APPROVED, 11),
]


@pytest.mark.parametrize(("name", "state", "queries"), BOUNDS)
def test_a_transition_runs_a_fixed_number_of_queries(
    cast: dict[str, Any], django_assert_max_num_queries: Any, name: str, state: str, queries: int
) -> None:
    mission = crowded(state)
    action = fire(name, mission)
    with django_assert_max_num_queries(queries):
        action()
