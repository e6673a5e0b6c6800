"""The mission under way: its start, one report per side, the certification once both are
in; the needs' closing and cancelling and what they do to their missions."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from audit.models import HistoryEntry, Outcome
from missions import services
from missions.choices import MissionStatus, NeedStatus, ReportAuthor
from missions.models import Mission, MissionReport
from processes.transitions import ConditionsUnmet, NotAllowed
from tests.missions.builders import _fresh_expert, make_mission, make_need

pytestmark = pytest.mark.django_db
M = MissionStatus
WEB = "web"


def report(mission: Mission, by: User, **fields: Any) -> Mission:
    values = {"report": "Cours d'algorithmique.", "students": 25, "rating": 5, **fields}
    return services.mission_report(mission=mission, by=by, source=WEB, **values)


def test_the_host_starts_the_approved_mission(univ_lome: User, cast: dict[str, Any]) -> None:
    mission = services.mission_start(mission=make_mission(M.APPROVED), by=univ_lome, source=WEB)
    assert mission.status == M.IN_PROGRESS
    row = HistoryEntry.objects.for_object(mission).get(action="start")
    assert (row.by, row.source_state, row.target_state) == (univ_lome, M.APPROVED, M.IN_PROGRESS)


def test_each_side_reports_once_then_the_officer_certifies(
    expert_paris: User, univ_lome: User, officer: User
) -> None:
    mission = make_mission(M.IN_PROGRESS)
    mission = report(mission, univ_lome, rating=4)
    with pytest.raises(ConditionsUnmet) as refused:
        services.mission_certify(mission=mission, by=officer, source=WEB)
    assert refused.value.messages == ["Le rapport de l'expert manque."]
    mission = report(mission, expert_paris)
    assert mission.status == M.REPORTED
    with pytest.raises(ConditionsUnmet, match="Ce rapport est déjà déposé"):
        report(mission, expert_paris)
    assert dict(mission.reports.values_list("author", "filed_by__username")) == {
        ReportAuthor.EXPERT: "expert_paris",
        ReportAuthor.HOST: "univ_lome",
    }
    mission = services.mission_certify(mission=mission, by=officer, source=WEB)
    assert (mission.status, mission.certified_at is not None) == (M.CERTIFIED, True)
    rows = HistoryEntry.objects.for_object(mission).filter(action="report", outcome=Outcome.DONE)
    assert [(r.by.username, r.source_state, r.target_state, r.data) for r in rows] == [
        ("univ_lome", M.IN_PROGRESS, M.REPORTED, {"author": "host"}),
        ("expert_paris", M.REPORTED, M.REPORTED, {"author": "expert"}),
    ]


def test_a_report_needs_its_text_and_a_rating(expert_paris: User) -> None:
    mission = make_mission(M.IN_PROGRESS)
    with pytest.raises(ConditionsUnmet) as refused:
        report(mission, expert_paris, report="  ", rating=9)
    assert refused.value.fields == {
        "report": ["Décrivez ce qui a été enseigné ou soigné."],
        "rating": ["Donnez une appréciation de 1 à 5."],
    }
    mission.refresh_from_db()
    assert (mission.status, MissionReport.objects.filter(mission=mission).count()) == (
        M.IN_PROGRESS,
        0,
    )


@pytest.mark.parametrize("persona", ["doctor_brussels", "chr_kara", "officer", "auditor"])
def test_only_the_expert_and_the_host_report(cast: dict[str, Any], persona: str) -> None:
    mission = make_mission(M.IN_PROGRESS)
    with pytest.raises(NotAllowed, match="Seuls l'expert et l'établissement"):
        report(mission, User.objects.get(username=persona))


# --- The need's end --------------------------------------------------------------------


def test_closing_cancels_the_undecided_candidacies(officer: User, cast: dict[str, Any]) -> None:
    need = make_need(volunteers=3)
    certified = make_mission(M.CERTIFIED, need=need)
    applied = make_mission(M.APPLIED, need=need, expert=_fresh_expert(need))
    selected = make_mission(M.SELECTED, need=need, expert=_fresh_expert(need))
    need = services.need_close(need=need, by=officer, source=WEB)
    assert need.status == NeedStatus.CLOSED
    for mission, state in (
        (certified, M.CERTIFIED),
        (applied, M.CANCELLED),
        (selected, M.CANCELLED),
    ):
        mission.refresh_from_db()
        assert mission.status == state
    row = HistoryEntry.objects.for_object(applied).get(action="cancel")
    assert (row.by, row.source_state, row.comment) == (
        officer,
        M.APPLIED,
        "La demande est clôturée.",
    )
    assert applied.closing_reason == "La demande est clôturée."


@pytest.mark.parametrize("state", [M.APPROVED, M.IN_PROGRESS, M.REPORTED])
def test_no_closing_while_a_mission_is_under_way(
    officer: User, cast: dict[str, Any], state: str
) -> None:
    mission = make_mission(state)
    with pytest.raises(ConditionsUnmet, match="ne sont pas encore attestées"):
        services.need_close(need=mission.need, by=officer, source=WEB)
    mission.need.refresh_from_db()
    assert mission.need.status == NeedStatus.PUBLISHED


def test_the_host_cancels_its_need_and_its_candidacies_with_it(
    univ_lome: User, cast: dict[str, Any]
) -> None:
    mission = make_mission(M.SHORTLISTED)
    need = services.need_cancel(need=mission.need, comment="Budget.", by=univ_lome, source=WEB)
    mission.refresh_from_db()
    assert (need.status, mission.status) == (NeedStatus.CANCELLED, M.CANCELLED)
    assert mission.closing_reason == "La demande est annulée : Budget."


@pytest.mark.parametrize("state", [M.APPROVED, M.IN_PROGRESS, M.REPORTED])
def test_the_host_cannot_cancel_once_a_mission_is_approved(
    univ_lome: User, cast: dict[str, Any], state: str
) -> None:
    mission = make_mission(state)
    with pytest.raises(ConditionsUnmet, match="seul le chargé de programme peut l'annuler"):
        services.need_cancel(need=mission.need, comment="Budget.", by=univ_lome, source=WEB)
    mission.refresh_from_db()
    mission.need.refresh_from_db()
    assert (mission.need.status, mission.status) == (NeedStatus.PUBLISHED, state)


def test_the_officer_cancels_a_staffed_need_and_its_missions(
    officer: User, cast: dict[str, Any]
) -> None:
    need = make_need(volunteers=1)
    approved = make_mission(M.APPROVED, need=need)
    need.refresh_from_db()
    assert need.status == NeedStatus.STAFFED
    need = services.need_cancel(need=need, comment="Grève.", by=officer, source=WEB)
    approved.refresh_from_db()
    assert (need.status, approved.status) == (NeedStatus.CANCELLED, M.CANCELLED)
    row = HistoryEntry.objects.for_object(need).get(action="cancel")
    assert (row.by, row.source_state, row.target_state, row.comment) == (
        officer,
        NeedStatus.STAFFED,
        NeedStatus.CANCELLED,
        "Grève.",
    )


def test_a_cancellation_needs_a_reason(officer: User, cast: dict[str, Any]) -> None:
    mission = make_mission(M.APPROVED)
    with pytest.raises(ConditionsUnmet):
        services.mission_cancel(mission=mission, comment="  ", by=officer, source=WEB)
    mission.refresh_from_db()
    assert mission.status == M.APPROVED
