"""The missions' work waiting on people: each persona's items, where they lead, the
inbox's window, and a bounded number of queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from accounts.work import Window, WorkItem
from config.work import task_page
from config.work import work_items as inbox
from missions import services
from missions.choices import LicenceStatus, MissionStatus, NeedStatus
from missions.models import Mission, MissionNeed, ProfessionalLicence
from missions.selectors.inbox import work_items
from registry.models import Expert
from tests.missions.builders import expert_of, make_mission, make_need, user

pytestmark = pytest.mark.django_db
M = MissionStatus
WEB = "web"


def tasks_on(items: list[WorkItem], source: str, pk: int) -> list[tuple[str, str]]:
    return [(i.task, i.url) for i in items if (i.source, i.source_id) == (source, pk)]


def mission_url(mission: Mission, anchor: str) -> str:
    return f"/missions/missions/{mission.pk}/#action-{anchor}"


def test_a_submitted_need_waits_on_the_officers(officer: User, univ_lome: User) -> None:
    need = make_need(NeedStatus.SUBMITTED)
    assert tasks_on(work_items(officer), "need", need.pk) == [
        ("publish", f"/missions/needs/{need.pk}/#action-publish")
    ]
    assert tasks_on(work_items(univ_lome), "need", need.pk) == []
    services.need_publish(need=need, by=officer, source=WEB)
    assert tasks_on(work_items(officer), "need", need.pk) == []


@pytest.mark.parametrize(
    ("state", "persona", "task"),
    [
        (M.INVITED, "expert_paris", "accept"),
        (M.APPLIED, "univ_lome", "select"),
        (M.SHORTLISTED, "univ_lome", "select"),
        (M.SELECTED, "officer", "approve"),
        (M.APPROVED, "univ_lome", "start"),
    ],
)
def test_each_mission_state_waits_on_one_persona(
    cast: dict[str, Any], state: str, persona: str, task: str
) -> None:
    mission = make_mission(state)
    for name in ("officer", "univ_lome", "chr_kara", "expert_paris", "doctor_brussels", "auditor"):
        expected = [(task, mission_url(mission, task))] if name == persona else []
        assert tasks_on(work_items(user(name)), "mission", mission.pk) == expected, name


def test_candidates_of_a_staffed_need_wait_on_nobody(univ_lome: User) -> None:
    need = make_need(volunteers=1)
    waiting = make_mission(M.APPLIED, need=need)
    make_mission(M.APPROVED, need=need, expert=expert_of("doctor_brussels"))
    assert tasks_on(work_items(univ_lome), "mission", waiting.pk) == []


def test_the_missing_reports_wait_on_their_side_then_the_officer_certifies(
    expert_paris: User, univ_lome: User, officer: User
) -> None:
    mission = make_mission(M.IN_PROGRESS)
    report = ("report", mission_url(mission, "report"))
    assert tasks_on(work_items(expert_paris), "mission", mission.pk) == [report]
    assert tasks_on(work_items(univ_lome), "mission", mission.pk) == [report]
    assert tasks_on(work_items(officer), "mission", mission.pk) == []
    services.mission_report(mission=mission, report="Cours.", rating=5, by=expert_paris, source=WEB)
    assert tasks_on(work_items(expert_paris), "mission", mission.pk) == []
    assert tasks_on(work_items(univ_lome), "mission", mission.pk) == [report]
    services.mission_report(mission=mission, report="Bien.", rating=4, by=univ_lome, source=WEB)
    assert tasks_on(work_items(univ_lome), "mission", mission.pk) == []
    assert tasks_on(work_items(officer), "mission", mission.pk) == [
        ("certify", mission_url(mission, "certify"))
    ]


def test_a_pending_licence_waits_on_the_officers(officer: User, expert_paris: User) -> None:
    licence = services.licence_add(
        country="FR", number="RPPS-7", profession="Médecin", by=expert_paris, source=WEB
    )
    assert tasks_on(work_items(officer), "licence", licence.pk) == [
        ("check_licence", f"/missions/licences/{licence.pk}/#action-check-licence")
    ]
    assert tasks_on(work_items(expert_paris), "licence", licence.pk) == []
    services.licence_check(licence=licence, by=officer, source=WEB)
    assert tasks_on(work_items(officer), "licence", licence.pk) == []


def test_an_account_to_verify_waits_on_its_focal_point(
    cast: dict[str, Any], focal_paris: User
) -> None:
    expert = expert_of("expert_paris")
    Expert.objects.filter(pk=expert.pk).update(account_verified_at=None)
    assert tasks_on(work_items(focal_paris), "expert", expert.pk) == [
        ("verify_account", f"/missions/expert-accounts/#expert-{expert.pk}")
    ]
    for name in ("officer", "univ_lome", "auditor"):
        assert tasks_on(work_items(user(name)), "expert", expert.pk) == []
    services.expert_account_verify(expert=expert_of("expert_paris"), by=focal_paris, source=WEB)
    assert tasks_on(work_items(focal_paris), "expert", expert.pk) == []


def test_the_items_join_the_inbox_and_page_in_its_order(officer: User) -> None:
    for _ in range(3):
        make_mission(M.SELECTED)
    for _ in range(2):
        make_need(NeedStatus.SUBMITTED)
    everything = inbox(officer, Window(size=1000))
    ours = [i for i in everything if i.source in ("need", "mission", "licence")]
    assert len(ours) >= 5
    assert everything == sorted(everything, key=lambda i: i.key)
    seen, after = [], ""
    while True:
        page = task_page(officer, after=after, size=2)
        seen += page.rows
        if not page.next_cursor:
            break
        after = page.next_cursor
    assert [i.key for i in seen] == [i.key for i in everything]


def test_the_window_reads_at_most_its_size_per_source(officer: User) -> None:
    for _ in range(3):
        make_mission(M.SELECTED)
    first = work_items(officer, Window(size=2))
    assert len(first) == 2
    after = work_items(officer, Window(after=first[-1].key, size=2))
    assert after and after[0].key > first[-1].key
    before = work_items(officer, Window(before=after[0].key, size=2))
    assert before == first


@pytest.mark.parametrize(
    ("persona", "queries"),
    [("officer", 4), ("univ_lome", 3), ("expert_paris", 3), ("focal_paris", 2), ("auditor", 1)],
)
def test_a_bounded_number_of_queries_whatever_the_rows(
    cast: dict[str, Any], django_assert_max_num_queries: Any, persona: str, queries: int
) -> None:
    for state in (M.SELECTED, M.APPLIED, M.IN_PROGRESS, M.INVITED):
        make_mission(state)
        make_mission(state)
    ProfessionalLicence.objects.create(
        expert=expert_of("doctor_brussels"), country="BE", number="X-1", profession="Médecin"
    )
    who = User.objects.get(username=persona)
    with django_assert_max_num_queries(queries):
        items = work_items(who)
    assert all(i.since <= timezone.now() for i in items)


def test_a_selected_mission_of_a_need_no_longer_published_waits_on_nobody(
    officer: User,
) -> None:
    need = make_need(volunteers=1)
    selected = make_mission(M.SELECTED, need=need)
    assert tasks_on(work_items(officer), "mission", selected.pk) == [
        ("approve", mission_url(selected, "approve"))
    ]
    make_mission(M.APPROVED, need=need, expert=expert_of("doctor_brussels"))
    assert tasks_on(work_items(officer), "mission", selected.pk) == []


def test_a_need_past_its_end_with_nothing_under_way_waits_on_the_officer_to_close(
    officer: User, univ_lome: User
) -> None:
    need = make_need(volunteers=1)
    applied = make_mission(M.APPLIED, need=need)
    close = ("close", f"/missions/needs/{need.pk}/#action-close")
    assert tasks_on(work_items(officer), "need", need.pk) == []
    MissionNeed.objects.filter(pk=need.pk).update(
        starts_on=timezone.localdate() - timedelta(days=20),
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    assert tasks_on(work_items(officer), "need", need.pk) == [close]
    assert tasks_on(work_items(univ_lome), "need", need.pk) == []
    Mission.objects.filter(pk=applied.pk).update(status=M.IN_PROGRESS)
    assert tasks_on(work_items(officer), "need", need.pk) == []


def test_a_selected_medical_mission_asks_its_expert_for_a_licence(
    doctor_brussels: User, officer: User
) -> None:
    expert_of("doctor_brussels").licences.update(status=LicenceStatus.REFUSED)
    mission = make_mission(M.SELECTED, expert_user="doctor_brussels")
    assert tasks_on(work_items(doctor_brussels), "mission", mission.pk) == [
        ("licence", "/missions/licences/new/")
    ]
    services.licence_add(
        country="BE", number="INAMI-1", profession="Chirurgien", by=doctor_brussels, source=WEB
    )
    assert tasks_on(work_items(doctor_brussels), "mission", mission.pk) == []
