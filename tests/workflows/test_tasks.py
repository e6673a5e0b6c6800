"""Every state in which a proposal or a tranche waits on someone gives that someone a task
(home page, "Mes tâches", `/api/v1/tasks/`), and the task's link opens the action itself."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from audit.models import Source
from config.work import work_items
from tests.panels import action_panel
from tests.workflows.builders import attach_final_report, pay_all_tranches
from workflows import services
from workflows.models import TERMINAL_STATUSES, Proposal, ProposalStatus, Tranche, TrancheStatus

S = ProposalStatus
T = TrancheStatus


def _first(proposal: Proposal) -> Tranche:
    return Tranche.objects.filter(proposal=proposal).order_by("number")[0]


def _requested(get: Callable[[str], Any], cast: dict[str, Any]) -> Proposal:
    proposal = get("in_execution")
    services.tranche_request(
        tranche=_first(proposal),
        by=cast["users"]["assoc_paris"],
        source=Source.WEB,
        report="Le forage est creusé.",
    )
    return proposal


def _approved(get: Callable[[str], Any], cast: dict[str, Any]) -> Proposal:
    proposal = _requested(get, cast)
    services.tranche_approve(
        tranche=_first(proposal), by=cast["users"]["officer"], source=Source.WEB
    )
    return proposal


def _paid(get: Callable[[str], Any], cast: dict[str, Any]) -> Proposal:
    proposal = get("in_execution")
    pay_all_tranches(proposal)
    return proposal


def _reported(get: Callable[[str], Any], cast: dict[str, Any]) -> Proposal:
    proposal = _paid(get, cast)
    attach_final_report(proposal)
    return proposal


def _completed(get: Callable[[str], Any], cast: dict[str, Any]) -> Proposal:
    proposal = _reported(get, cast)
    return services.proposal_complete(
        proposal=proposal, by=cast["users"]["officer"], source=Source.WEB
    )


def _returned(get: Callable[[str], Any], cast: dict[str, Any]) -> Proposal:
    return services.proposal_return_for_completion(
        proposal=get("submitted"),
        by=cast["users"]["officer"],
        source=Source.WEB,
        comment="Joignez le devis du forage.",
    )


def _suspended(get: Callable[[str], Any], cast: dict[str, Any]) -> Proposal:
    return services.proposal_suspend(
        proposal=get("in_execution"),
        by=cast["users"]["officer"],
        source=Source.WEB,
        comment="Chantier arrêté par la saison des pluies.",
    )


def _fixture(name: str) -> Callable[[Callable[[str], Any], dict[str, Any]], Proposal]:
    return lambda get, cast: get(name)


# (what is built, the proposal's state, the first tranche's state, who acts, the task, where)
WAITING = [
    ("draft", _fixture("draft"), S.DRAFT, None, "assoc_paris", "finish_draft", ""),
    (
        "submitted",
        _fixture("submitted"),
        S.SUBMITTED,
        None,
        "officer",
        "screen",
        "action-declare-admissible",
    ),
    ("returned", _returned, S.RETURNED, None, "assoc_paris", "completion", ""),
    ("under_review", _fixture("under_review"), S.UNDER_REVIEW, None, "evaluator1", "review", ""),
    (
        "in_committee",
        _fixture("in_committee"),
        S.IN_COMMITTEE,
        None,
        "committee",
        "decision",
        "action-approve",
    ),
    (
        "approved",
        _fixture("approved"),
        S.APPROVED,
        None,
        "officer",
        "sign",
        "action-sign-agreement",
    ),
    (
        "tranche_planned",
        _fixture("in_execution"),
        S.IN_EXECUTION,
        T.PLANNED,
        "assoc_paris",
        "request_tranche",
        "action-request-tranche",
    ),
    (
        "tranche_requested",
        _requested,
        S.IN_EXECUTION,
        T.REQUESTED,
        "officer",
        "approve_tranche",
        "action-approve-tranche",
    ),
    (
        "tranche_approved",
        _approved,
        S.IN_EXECUTION,
        T.APPROVED,
        "finance",
        "pay_tranche",
        "action-pay-tranche",
    ),
    (
        "all_paid",
        _paid,
        S.IN_EXECUTION,
        T.PAID,
        "assoc_paris",
        "attach_final_report",
        "action-attach-final-report",
    ),
    ("final_report", _reported, S.IN_EXECUTION, T.PAID, "officer", "complete", "action-complete"),
    ("suspended", _suspended, S.SUSPENDED, T.PLANNED, "officer", "resume", "action-resume"),
    ("completed", _completed, S.COMPLETED, T.PAID, "finance", "closing", "action-close"),
]


def test_the_walk_covers_every_waiting_state_of_the_proposal_and_tranche_machines() -> None:
    proposal_states = {row[2] for row in WAITING}
    tranche_states = {row[3] for row in WAITING if row[3] is not None}
    assert proposal_states == set(S) - set(TERMINAL_STATUSES)
    assert tranche_states >= {T.PLANNED, T.REQUESTED, T.APPROVED}


@pytest.mark.parametrize(
    ("build", "status", "tranche_status", "username", "task", "anchor"),
    [pytest.param(*row[1:], id=row[0]) for row in WAITING],
)
def test_whoever_must_act_has_a_task_that_opens_the_action(
    request: Any,
    cast: dict[str, Any],
    client_for: Any,
    api_for: Any,
    build: Any,
    status: str,
    tranche_status: str | None,
    username: str,
    task: str,
    anchor: str,
) -> None:
    proposal = build(request.getfixturevalue, cast)
    proposal.refresh_from_db()
    assert proposal.status == status
    if tranche_status is not None:
        assert _first(proposal).status == tranche_status

    users = cast["users"]
    waiting_on = {
        name
        for name, user in users.items()
        if any(i.process == "proposal" and i.object_id == proposal.pk for i in work_items(user))
    }
    assert username in waiting_on

    user = users[username]
    [item] = [
        i
        for i in work_items(user)
        if i.process == "proposal" and i.object_id == proposal.pk and i.task == task
    ]
    # The inbox of the API says the same.
    listed = api_for(user).get("/api/v1/tasks/").json()["results"]
    assert any(
        (row["process"], row["object_id"], row["task"]) == ("proposal", proposal.pk, task)
        for row in listed
    )
    # "Mes tâches" links to it.
    assert f'href="{item.url}"' in client_for(user).get(reverse("tasks")).content.decode()
    # The link opens the action: its own page, or the section of the page holding its form.
    url = urlsplit(item.url)
    assert url.fragment == anchor
    page = client_for(user).get(url.path)
    assert page.status_code == 200
    if anchor:
        assert f'id="{anchor}"' in page.content.decode()
        assert url.path == proposal.get_absolute_url()
    elif task in ("finish_draft", "completion"):
        assert url.path == reverse("workflows:proposal_edit", args=[proposal.pk])
    elif task == "review":
        assert url.path == reverse("workflows:review_form", args=[proposal.pk])


def test_after_the_last_tranche_the_association_then_the_officer_are_told(
    in_execution: Proposal, cast: dict[str, Any]
) -> None:
    users = cast["users"]
    pay_all_tranches(in_execution)

    def tasks_of(name: str) -> list[tuple[str, str]]:
        return [
            (i.task, i.label)
            for i in work_items(users[name])
            if i.process == "proposal" and i.object_id == in_execution.pk
        ]

    assert tasks_of("assoc_paris") == [("attach_final_report", "Joindre le rapport final")]
    assert tasks_of("officer") == []
    attach_final_report(in_execution)
    assert tasks_of("assoc_paris") == []
    assert tasks_of("officer") == [("complete", "Déclarer achevé")]
    assert tasks_of("assoc_brussels") == []


def test_the_member_inbox_costs_the_same_queries_at_2_and_at_12_proposals(
    make_proposal: Any, cast: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    member = cast["users"]["assoc_paris"]
    for count in (2, 12):
        while sum(1 for i in work_items(member) if i.task == "finish_draft") < count:
            make_proposal()
        fresh = type(member).objects.get(pk=member.pk)
        with django_assert_max_num_queries(8):
            work_items(fresh)


# --- The action panel of the proposal's page --------------------------------------


def _panel(page: Any) -> str:
    return action_panel(page, before="Le projet</h2>")


def test_the_associations_panel_offers_the_tranche_request_with_its_report_file(
    in_execution: Proposal, cast: dict[str, Any], client_for: Any, api_for: Any
) -> None:
    from tests.workflows.builders import pdf_upload

    member = client_for(cast["users"]["assoc_paris"])
    panel = _panel(member.get(in_execution.get_absolute_url()))
    assert 'id="action-request-tranche"' in panel
    assert "Demander la tranche" in panel and 'name="report_file"' in panel
    assert "Aucune action de votre part" not in panel

    tranche = _first(in_execution)
    response = member.post(
        reverse("workflows:tranche_transition", args=[tranche.pk, "request"]),
        {
            "expected_state": "planned",
            "report": "Le forage est creusé.",
            "report_file": pdf_upload("avancement-t1.pdf"),
        },
    )
    assert response.status_code == 302
    tranche.refresh_from_db()
    assert tranche.status == T.REQUESTED
    assert tranche.report_file is not None
    assert tranche.report_file.kind == "progress_report"
    assert tranche.report_file.original_name == "avancement-t1.pdf"

    # The officer who approves finds the report, text and file, beside the request.
    officer = client_for(cast["users"]["officer"])
    panel = _panel(officer.get(in_execution.get_absolute_url()))
    block = panel[panel.index("Tranche n° 1") :]
    # The report once, then the two answers to the request.
    assert block.count("Le forage est creusé.") == 1
    assert block.count("avancement-t1.pdf") == 1
    assert reverse("workflows:attachment_download", args=[tranche.report_file.pk]) in block
    report_at = block.index("avancement-t1.pdf")
    assert report_at < block.index('id="action-approve-tranche"')
    assert report_at < block.index('id="action-return-request-tranche"')
    shown = api_for(cast["users"]["officer"]).get(f"/api/v1/tranches/{tranche.pk}/").json()
    assert shown["report_file"] == tranche.report_file.pk


def test_a_refused_report_file_keeps_the_tranche_planned(
    in_execution: Proposal, cast: dict[str, Any], client_for: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    tranche = _first(in_execution)
    response = client_for(cast["users"]["assoc_paris"]).post(
        reverse("workflows:tranche_transition", args=[tranche.pk, "request"]),
        {
            "expected_state": "planned",
            "report": "Le forage est creusé.",
            "report_file": SimpleUploadedFile("rapport.exe", b"MZ\x90\x00", "text/plain"),
        },
    )
    assert response.status_code == 400
    tranche.refresh_from_db()
    assert tranche.status == T.PLANNED and tranche.report_file is None
    assert "ni un PDF" in response.content.decode()


def test_the_final_report_is_attached_from_the_panel_then_the_officer_declares_achievement(
    in_execution: Proposal, cast: dict[str, Any], client_for: Any
) -> None:
    from tests.workflows.builders import pdf_upload

    pay_all_tranches(in_execution)
    member = client_for(cast["users"]["assoc_paris"])
    panel = _panel(member.get(in_execution.get_absolute_url()))
    assert 'id="action-attach-final-report"' in panel
    response = member.post(
        reverse("workflows:attachment_upload", args=[in_execution.pk]),
        {"kind": "final_report", "file": pdf_upload("rapport-final.pdf")},
    )
    assert response.status_code == 302
    assert 'id="action-attach-final-report"' not in _panel(
        member.get(in_execution.get_absolute_url())
    )
    officer_panel = _panel(
        client_for(cast["users"]["officer"]).get(in_execution.get_absolute_url())
    )
    assert 'id="action-complete"' in officer_panel and "Déclarer achevé" in officer_panel


def test_the_task_links_land_on_a_focusable_section(
    in_execution: Proposal, cast: dict[str, Any], client_for: Any
) -> None:
    page = client_for(cast["users"]["assoc_paris"]).get(in_execution.get_absolute_url())
    content = page.content.decode()
    assert 'id="action-request-tranche" tabindex="-1"' in content
    assert "js/actions.js" in content


def test_achievement_is_offered_only_once_the_tranches_are_paid_and_the_report_is_in(
    in_execution: Proposal, cast: dict[str, Any], client_for: Any
) -> None:
    officer = client_for(cast["users"]["officer"])
    panel = _panel(officer.get(in_execution.get_absolute_url()))
    assert 'id="action-suspend"' in panel
    assert 'id="action-complete"' not in panel and "Déclarer achevé" not in panel

    pay_all_tranches(in_execution)
    assert 'id="action-complete"' not in _panel(officer.get(in_execution.get_absolute_url()))
    attach_final_report(in_execution)
    assert 'id="action-complete"' in _panel(officer.get(in_execution.get_absolute_url()))


def test_the_landed_section_keeps_its_colours() -> None:
    """The section a task's link lands on is outlined, not tinted: a tinted background
    brought its outline buttons and notes below 4.5:1 contrast (axe's color-contrast)."""
    script = Path(str(finders.find("js/actions.js"))).read_text(encoding="utf-8")
    styles = Path(str(finders.find("css/app.css"))).read_text(encoding="utf-8")
    assert "-subtle" not in script
    assert re.search(r"\.action-landed\s*\{[^}]*outline:", styles)
