"""A caseworker's inbox mixes the flow's tasks (dated by a moment) and overdue referrals
(dated by a day, read as its midnight): its pages keep them in one order, every row once,
even when a task was opened at the very midnight a referral fell due."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from viewflow.workflow.models import Task

from accounts.work import Window, midnight
from cases.models import Referral
from config.work import work_items
from processes.routing import OPEN
from tests.cases.builders import add_referral, case_in, days


@pytest.mark.parametrize("page_size", [1, 2, 5])
def test_tasks_and_overdue_referrals_page_in_one_order(
    cast: dict[str, Any], api_for: Any, page_size: int
) -> None:
    users = cast["users"]
    caseworker = users["caseworker1"]
    cases = [
        case_in("in_support", caseworker=caseworker, supervisor=users["supervisor"])
        for _ in range(3)
    ]
    for case in cases:
        for _ in range(2):
            add_referral(case, caseworker, due_date=days(1))
    Referral.objects.update(due_date=days(-2))
    due = midnight(days(-2))
    # One task opened at the referrals' midnight, one later that day, one the day before.
    tasks = list(
        Task.objects.filter(status__in=OPEN, process__caseprocess__case__in=cases).order_by("id")
    )
    assert len(tasks) == 3
    for task, when in zip(
        tasks,
        [due, due + datetime.timedelta(hours=9), due - datetime.timedelta(hours=3)],
        strict=True,
    ):
        Task.objects.filter(pk=task.pk).update(created=when)

    everything = work_items(caseworker)
    # (after them, the demo cast's own cases)
    assert [item.task for item in everything][:9] == [
        "support",
        *["overdue_referral"] * 6,
        "support",
        "support",
    ]
    client = api_for(caseworker)
    seen: list[tuple[Any, ...]] = []
    url: str | None = f"/api/v1/tasks/?page_size={page_size}"
    while url:
        body = client.get(url).json()
        seen += [(row["task"], row["object_id"], row["url"]) for row in body["results"]]
        url = body["next"]
    assert seen == [
        (item.task, item.object_id, "http://testserver" + item.url) for item in everything
    ]

    # Backwards from the end, a window before each row holds the rows just before it.
    for n in range(1, len(everything)):
        assert (
            work_items(caseworker, Window(before=everything[n].key, size=2))
            == (everything[max(0, n - 2) : n])
        )
