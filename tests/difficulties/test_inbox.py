"""The register's work waiting on people: each state's task and whose it is, the
officers' desk and the overdue referrals, the inbox's window, and a bounded number of
queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from accounts.work import Window, WorkItem
from config.work import decode_key, encode_key, task_page
from difficulties.choices import DifficultyStatus
from difficulties.models import Difficulty
from difficulties.selectors.inbox import work_items
from tests.difficulties.builders import make_difficulty

pytestmark = pytest.mark.django_db
S = DifficultyStatus


def tasks_on(items: list[WorkItem], difficulty: Difficulty) -> list[tuple[str, str]]:
    return [
        (item.task, item.url)
        for item in items
        if (item.source, item.source_id) == ("difficulty", difficulty.pk)
    ]


def url(difficulty: Difficulty, anchor: str) -> str:
    return f"/difficultes/{difficulty.pk}/#action-{anchor}"


@pytest.mark.parametrize(
    ("state", "task"),
    [
        (S.REPORTED, "qualify"),
        (S.QUALIFIED, "refer"),
        (S.REFERRED, "answer"),
        (S.UNRESOLVED, "refer"),
        (S.RESOLVED, "close"),
    ],
)
def test_each_state_waits_on_the_focal_point_of_the_jurisdiction(
    cast: dict[str, Any], focal_berlin: User, state: str, task: str
) -> None:
    difficulty = make_difficulty(state)
    users = cast["users"]
    assert tasks_on(work_items(users["focal_paris"]), difficulty) == [(task, url(difficulty, task))]
    for other in (focal_berlin, users["officer"], users["auditor"], users["assoc_paris"]):
        assert tasks_on(work_items(other), difficulty) == []


@pytest.mark.parametrize("state", [S.ANSWERED, S.CLOSED, S.DUPLICATE, S.REJECTED])
def test_nothing_waits_on_staff_once_answered_or_over(focal_paris: User, state: str) -> None:
    difficulty = make_difficulty(state)
    assert tasks_on(work_items(focal_paris), difficulty) == []


def test_a_phone_only_report_waits_for_its_focal_points_call(focal_paris: User) -> None:
    by_phone = make_difficulty(S.UNCONFIRMED, email="", phone="+33 6 00 00 00 03")
    by_mail = make_difficulty(S.UNCONFIRMED)
    items = work_items(focal_paris)
    assert tasks_on(items, by_phone) == [("confirm", url(by_phone, "confirm"))]
    assert tasks_on(items, by_mail) == []


def test_the_officers_desk_holds_the_reports_no_embassy_covers(
    officer: User, focal_paris: User
) -> None:
    senegal = make_difficulty(S.REPORTED, by=officer, country="SN")
    france = make_difficulty(S.REPORTED)
    items = work_items(officer)
    assert tasks_on(items, senegal) == [("qualify", url(senegal, "qualify"))]
    assert tasks_on(items, france) == []
    assert tasks_on(work_items(focal_paris), senegal) == []


def test_an_overdue_referral_waits_on_the_officers_too(
    officer: User, focal_paris: User, auditor: User
) -> None:
    difficulty = make_difficulty(S.REFERRED)
    assert tasks_on(work_items(officer), difficulty) == []
    Difficulty.objects.filter(pk=difficulty.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    for handler in (officer, focal_paris):
        (item,) = [i for i in work_items(handler) if i.source_id == difficulty.pk]
        assert (item.task, item.label) == (
            "answer",
            "Transmission en retard : relancer l'administration",
        )
        assert item.reference == difficulty.tracking_code
    assert work_items(auditor) == []


def test_the_inbox_pages_through_the_registers_items(focal_paris: User) -> None:
    made = [make_difficulty(S.REPORTED) for _ in range(3)]
    page = task_page(focal_paris, size=2)
    mine = [item for item in page.rows if item.source == "difficulty"]
    assert mine
    key = decode_key(encode_key(mine[0].key))
    assert key is not None and key.source == "difficulty"
    after = work_items(focal_paris, Window(after=key, size=50))
    assert mine[0].source_id not in [i.source_id for i in after]
    assert {d.pk for d in made} <= {i.source_id for i in work_items(focal_paris, Window())}


@pytest.mark.parametrize("persona", ["focal_paris", "officer"])
def test_the_registers_items_cost_one_query_whatever_the_rows(
    cast: dict[str, Any], persona: str, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        make_difficulty(S.REPORTED, by=cast["users"]["officer"], country="SN")
        make_difficulty(S.QUALIFIED)
    user = User.objects.get(username=persona)
    # The user's roles, then the reports.
    with django_assert_max_num_queries(2):
        items = work_items(user, Window(size=50))
    assert len(items) >= 3
