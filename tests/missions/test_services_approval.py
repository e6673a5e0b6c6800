"""Approval: the need's places, the expert's dates, the medical licence; each refusal in
words, nothing half-saved; the places freed by a withdrawal or a cancellation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from audit.models import HistoryEntry, Outcome
from documents.models import PendingDocument, StoredDocument
from missions import services
from missions.choices import LicenceStatus, MissionStatus, NeedStatus
from missions.models import Mission, MissionNeed, ProfessionalLicence
from processes.transitions import ConditionsUnmet
from tests.missions.builders import _fresh_expert, expert_of, make_mission, make_need

pytestmark = pytest.mark.django_db
M = MissionStatus
WEB = "web"


def approve(mission: Mission, officer: User) -> Mission:
    return services.mission_approve(mission=mission, by=officer, source=WEB)


def refused_approval(mission: Mission, officer: User) -> str:
    """The words of the refusal; the mission, its need and its documents unchanged."""
    mission.need.refresh_from_db()
    need_status = mission.need.status
    documents = StoredDocument.objects.count() + PendingDocument.objects.count()
    with pytest.raises(ConditionsUnmet) as refused:
        approve(mission, officer)
    mission.refresh_from_db()
    mission.need.refresh_from_db()
    assert mission.status == M.SELECTED
    assert mission.approved_at is None
    assert mission.need.status == need_status
    assert StoredDocument.objects.count() + PendingDocument.objects.count() == documents
    row = HistoryEntry.objects.for_object(mission).latest("id")
    assert (row.action, row.outcome) == ("approve", Outcome.REFUSED)
    return " ".join(refused.value.messages)


def dated_need(start_offset: int, days: int = 10, **kwargs: Any) -> MissionNeed:
    """A published need of ten days, `start_offset` days after a day far off."""
    base = timezone.localdate() + timedelta(days=2000)
    return make_need(starts_on=base + timedelta(days=start_offset), days=days, **kwargs)


# --- Overlap ---------------------------------------------------------------------------


@pytest.mark.parametrize("offset", [9, 5, -9, -3, 0])
def test_two_approved_missions_of_one_expert_may_not_overlap(
    officer: User, cast: dict[str, Any], offset: int
) -> None:
    """Both ends count: a mission starting the day the other ends overlaps it."""
    first = dated_need(0)  # days 0..9
    approved = make_mission(M.APPROVED, need=first)
    second = make_mission(M.SELECTED, need=dated_need(offset))
    message = refused_approval(second, officer)
    assert "L'expert a déjà une mission approuvée aux mêmes dates" in message
    assert approved.need.title in message


@pytest.mark.parametrize("offset", [10, -10])
def test_the_next_day_is_not_an_overlap(officer: User, cast: dict[str, Any], offset: int) -> None:
    make_mission(M.APPROVED, need=dated_need(0))
    second = make_mission(M.SELECTED, need=dated_need(offset))
    assert approve(second, officer).status == M.APPROVED


@pytest.mark.parametrize("state", [M.CANCELLED, M.WITHDRAWN])
def test_a_cancelled_or_withdrawn_mission_does_not_block_the_dates(
    officer: User, expert_paris: User, state: str
) -> None:
    first = make_mission(M.APPROVED, need=dated_need(0))
    if state == M.CANCELLED:
        services.mission_cancel(mission=first, comment="Report.", by=officer, source=WEB)
    else:
        services.mission_withdraw(mission=first, by=expert_paris, source=WEB)
    second = make_mission(M.SELECTED, need=dated_need(3))
    assert approve(second, officer).status == M.APPROVED


def test_another_experts_mission_on_the_same_days_does_not_block(
    officer: User, cast: dict[str, Any]
) -> None:
    need = dated_need(0, volunteers=2)
    make_mission(M.APPROVED, need=need)
    other = make_mission(M.SELECTED, need=need, expert=_fresh_expert(need))
    assert approve(other, officer).status == M.APPROVED


# --- Staffing --------------------------------------------------------------------------


def test_the_last_approval_staffs_the_need_and_no_more_are_approved(
    officer: User, cast: dict[str, Any]
) -> None:
    need = make_need(volunteers=2)
    first = make_mission(M.SELECTED, need=need)
    second = make_mission(M.SELECTED, need=need, expert=_fresh_expert(need))
    third = make_mission(M.SELECTED, need=need, expert=_fresh_expert(need))
    approve(first, officer)
    need.refresh_from_db()
    assert need.status == NeedStatus.PUBLISHED
    approve(second, officer)
    need.refresh_from_db()
    assert need.status == NeedStatus.STAFFED
    staff = HistoryEntry.objects.for_object(need).get(action="staff")
    assert (staff.by, staff.source_state, staff.target_state) == (
        officer,
        NeedStatus.PUBLISHED,
        NeedStatus.STAFFED,
    )
    assert "Cette demande est pourvue : ses 2 place(s) sont prises." in refused_approval(
        third, officer
    )
    assert Mission.objects.filter(need=need, status=M.APPROVED).count() == 2


@pytest.mark.parametrize("leaving", ["withdraw", "cancel"])
def test_a_freed_place_reopens_the_staffed_need(
    officer: User, expert_paris: User, cast: dict[str, Any], leaving: str
) -> None:
    need = make_need(volunteers=1)
    waiting = make_mission(M.SELECTED, need=need, expert=_fresh_expert(need))
    first = make_mission(M.APPROVED, need=need)
    need.refresh_from_db()
    assert need.status == NeedStatus.STAFFED
    if leaving == "withdraw":
        services.mission_withdraw(mission=first, comment="Empêché.", by=expert_paris, source=WEB)
    else:
        services.mission_cancel(mission=first, comment="Annulée.", by=officer, source=WEB)
    need.refresh_from_db()
    assert need.status == NeedStatus.PUBLISHED
    reopen = HistoryEntry.objects.for_object(need).get(action="reopen")
    assert reopen.by == (expert_paris if leaving == "withdraw" else officer)
    assert approve(waiting, officer).status == M.APPROVED
    need.refresh_from_db()
    assert need.status == NeedStatus.STAFFED


# --- Licence ---------------------------------------------------------------------------


def medical_selected() -> Mission:
    need = make_need(kind="medical", host="chr_kara")
    return make_mission(M.SELECTED, need=need, expert_user="expert_paris")


@pytest.mark.parametrize("licence", [None, LicenceStatus.PENDING, LicenceStatus.REFUSED])
def test_a_medical_mission_waits_for_a_checked_licence(
    officer: User, cast: dict[str, Any], licence: str | None
) -> None:
    mission = medical_selected()
    if licence is not None:
        ProfessionalLicence.objects.create(
            expert=expert_of("expert_paris"),
            country="FR",
            number="RPPS-1",
            profession="Médecin",
            status=licence,
        )
    message = refused_approval(mission, officer)
    assert "après la vérification de l'autorisation d'exercer" in message


def test_a_checked_licence_lets_the_medical_mission_be_approved(
    officer: User, expert_paris: User
) -> None:
    mission = medical_selected()
    licence = services.licence_add(
        country="FR", number="RPPS-2", profession="Médecin", by=expert_paris, source=WEB
    )
    services.licence_check(licence=licence, by=officer, source=WEB)
    assert approve(mission, officer).status == M.APPROVED


def test_a_teaching_mission_needs_no_licence(officer: User, cast: dict[str, Any]) -> None:
    assert approve(make_mission(M.SELECTED), officer).status == M.APPROVED


# --- What approval writes --------------------------------------------------------------


def test_the_approval_stamps_records_and_issues_the_order(
    officer: User, cast: dict[str, Any]
) -> None:
    mission = approve(make_mission(M.SELECTED), officer)
    assert mission.approved_at is not None
    row = HistoryEntry.objects.for_object(mission).get(action="approve")
    assert (row.by, row.source, row.source_state, row.target_state, row.outcome) == (
        officer,
        WEB,
        M.SELECTED,
        M.APPROVED,
        Outcome.DONE,
    )
