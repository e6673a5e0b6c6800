"""Every state in which a case, a referral or an association's registration waits on someone
gives that someone a task (home page, "Mes tâches", `/api/v1/tasks/`), and the task's link
opens the action itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from audit.models import Source
from cases import services
from cases.models import Case, CaseStatus, Referral, ReferralStatus
from config.work import work_items
from registry.models import Association
from tests.cases.builders import add_referral, case_in, days, new_case
from tests.panels import action_panel

C = CaseStatus
TERMINAL = {C.CLOSED}


def _case(status: str, **overrides: Any) -> Callable[[dict[str, Any]], Case]:
    def build(users: dict[str, Any]) -> Case:
        return case_in(
            status, caseworker=users["caseworker1"], supervisor=users["supervisor"], **overrides
        )

    return build


def _unassigned(users: dict[str, Any]) -> Case:
    return new_case(users["supervisor"], caseworker=None)


def _no_consent(users: dict[str, Any]) -> Case:
    return new_case(users["supervisor"], caseworker="caseworker1", consent_given=False)


# (what is built, the case's state, who acts, the task, where on the case's page)
WAITING = [
    (
        "registered",
        _case("registered"),
        C.REGISTERED,
        "caseworker1",
        "assess",
        "action-start-assessment",
    ),
    ("registered_no_consent", _no_consent, C.REGISTERED, "caseworker1", "assess", ""),
    ("registered_unassigned", _unassigned, C.REGISTERED, "supervisor", "assign", "action-assign"),
    ("assessment", _case("assessment"), C.ASSESSMENT, "caseworker1", "assess", "action-assess"),
    (
        "plan_submitted",
        _case("plan_submitted"),
        C.PLAN_SUBMITTED,
        "supervisor",
        "plan_review",
        "action-approve-plan",
    ),
    ("in_support", _case("in_support"), C.IN_SUPPORT, "caseworker1", "support", "actions"),
    ("follow_up", _case("follow_up"), C.FOLLOW_UP, "caseworker1", "support", "actions"),
    (
        "closure_requested",
        _case("closure_requested"),
        C.CLOSURE_REQUESTED,
        "supervisor",
        "closure_review",
        "action-approve-closure",
    ),
]


def _items_on(user: Any, process: str, object_id: int) -> list[Any]:
    return [i for i in work_items(user) if i.process == process and i.object_id == object_id]


def test_the_walk_covers_every_waiting_state_of_the_case_machine() -> None:
    assert {row[2] for row in WAITING} == set(C) - TERMINAL


@pytest.mark.parametrize(
    ("build", "status", "username", "task", "anchor"),
    [pytest.param(*row[1:], id=row[0]) for row in WAITING],
)
def test_whoever_must_act_on_a_case_has_a_task_that_opens_the_action(
    cast: dict[str, Any],
    client_for: Any,
    api_for: Any,
    build: Any,
    status: str,
    username: str,
    task: str,
    anchor: str,
) -> None:
    users = cast["users"]
    case = build(users)
    case.refresh_from_db()
    assert case.status == status
    user = users[username]
    [item] = [i for i in _items_on(user, "case", case.pk) if i.task == task]
    listed = api_for(user).get("/api/v1/tasks/").json()["results"]
    assert any(
        (row["process"], row["object_id"], row["task"]) == ("case", case.pk, task) for row in listed
    )
    assert f'href="{item.url}"' in client_for(user).get(reverse("tasks")).content.decode()
    url = urlsplit(item.url)
    assert url.fragment == anchor
    page = client_for(user).get(url.path)
    assert page.status_code == 200
    if anchor:
        assert url.path == case.get_absolute_url()
        assert f'id="{anchor}"' in page.content.decode()
    else:  # consent first: the intake's own form
        assert url.path == reverse("cases:case_edit", args=[case.pk])


def test_a_case_nobody_is_assigned_to_gets_one_once_the_supervisor_assigns_it(
    cast: dict[str, Any],
) -> None:
    users = cast["users"]
    case = _unassigned(users)
    assert [i.task for i in _items_on(users["supervisor"], "case", case.pk)] == ["assign"]
    services.case_assign(
        case=case, caseworker="caseworker1", by=users["supervisor"], source=Source.WEB
    )
    assert _items_on(users["supervisor"], "case", case.pk) == []
    assert [i.task for i in _items_on(users["caseworker1"], "case", case.pk)] == ["assess"]


@pytest.mark.parametrize("state", [ReferralStatus.SENT, ReferralStatus.ACCEPTED])
def test_an_open_referral_keeps_a_task_on_its_case_and_an_overdue_one_its_own(
    cast: dict[str, Any], client_for: Any, state: str
) -> None:
    users = cast["users"]
    caseworker = users["caseworker1"]
    case = _case("in_support")(users)
    referral: Referral = add_referral(case, caseworker, due_date=days(1))
    if state == ReferralStatus.ACCEPTED:
        services.referral_accept(referral=referral, by=caseworker, source=Source.WEB)
    Referral.objects.filter(pk=referral.pk).update(due_date=days(-1))
    referral.refresh_from_db()
    assert referral.status == state
    tasks = {i.task: i for i in _items_on(caseworker, "case", case.pk)}
    assert set(tasks) == {"support", "overdue_referral"}
    url = urlsplit(tasks["overdue_referral"].url)
    assert url.fragment == f"referral-{referral.pk}"
    page = client_for(caseworker).get(url.path).content.decode()
    assert f'id="referral-{referral.pk}" tabindex="-1"' in page


def test_an_association_awaiting_verification_is_a_task_of_its_focal_point(
    cast: dict[str, Any], client_for: Any, api_for: Any, pending_paris_association: Association
) -> None:
    focal = cast["users"]["focal_paris"]
    [item] = _items_on(focal, "association", pending_paris_association.pk)
    assert item.task == "verify"
    listed = api_for(focal).get("/api/v1/tasks/").json()["results"]
    assert any(row["object_id"] == pending_paris_association.pk for row in listed)
    url = urlsplit(item.url)
    assert url.fragment == "action-verify"
    assert 'id="action-verify"' in client_for(focal).get(url.path).content.decode()


# --- The action panel of the case's page ------------------------------------------


def _panel(page: Any) -> str:
    return action_panel(page, before='id="intake"')


def test_the_case_panel_lists_the_caseworkers_actions_at_the_top(
    cast: dict[str, Any], client_for: Any
) -> None:
    users = cast["users"]
    case = _case("in_support")(users)
    add_referral(case, users["caseworker1"])
    panel = _panel(client_for(users["caseworker1"]).get(case.get_absolute_url()))
    for anchor in ("action-refer", "action-follow-up", "action-request-closure"):
        assert f'id="{anchor}"' in panel
    assert "Noter la réponse" in panel
    assert "Aucune action" not in panel


def test_follow_up_is_offered_once_every_referral_has_its_answer(
    cast: dict[str, Any], client_for: Any
) -> None:
    users = cast["users"]
    case = _case("in_support")(users)
    referral = add_referral(case, users["caseworker1"])
    caseworker = client_for(users["caseworker1"])
    panel = _panel(caseworker.get(case.get_absolute_url()))
    # No button that the service would refuse: the panel says what is still awaited.
    assert "Passer en suivi</button>" not in panel
    assert 'id="action-start-follow-up"' in panel
    assert "CHR de Kpalimé" in panel[panel.index('id="action-start-follow-up"') :]

    services.referral_decline(
        referral=referral,
        by=users["caseworker1"],
        source=Source.WEB,
        note="Plus de place.",
    )
    panel = _panel(caseworker.get(case.get_absolute_url()))
    assert "Passer en suivi</button>" in panel


def test_the_case_panel_lists_the_supervisors_decision_and_the_assignment(
    cast: dict[str, Any], client_for: Any
) -> None:
    users = cast["users"]
    case = _case("plan_submitted")(users)
    panel = _panel(client_for(users["supervisor"]).get(case.get_absolute_url()))
    for anchor in ("action-approve-plan", "action-return-plan", "action-assign"):
        assert f'id="{anchor}"' in panel


@pytest.mark.parametrize("username", ["caseworker1", "supervisor", "focal_paris", "officer"])
def test_the_home_page_opens_with_the_oldest_tasks_of_every_process(
    cast: dict[str, Any], client_for: Any, pending_paris_association: Association, username: str
) -> None:
    user = cast["users"][username]
    items = work_items(user)
    page = client_for(user).get(reverse("home")).content.decode()

    assert "Mes tâches" in page
    for item in items[:6]:
        assert f'href="{item.url}"' in page
    if username in ("caseworker1", "supervisor", "focal_paris"):
        assert items, "the demo cast leaves work waiting on this person"
