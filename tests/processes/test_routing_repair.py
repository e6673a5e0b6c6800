"""A proposal or case whose flow tasks disagree with its status: the admin cannot make
one, the services refuse to go on with a 409 and a message (never a 500), and
`manage.py repair_routing` finds and mends it."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command
from django.urls import reverse
from viewflow.workflow.models import Task

from audit.models import HistoryEntry, Outcome
from cases import routing as case_routing
from cases.flows import CaseFlow
from cases.models import Case, CaseStatus
from processes.repair import all_mismatches
from tests.workflows.builders import make_proposal, make_tranche, user
from tests.workflows.page_helpers import proposal_data, text
from workflows import services
from workflows.flows import ProposalFlow
from workflows.models import Proposal, ProposalStatus, TrancheStatus
from workflows.routing import router

S = ProposalStatus
NEEDS_REPAIR = "un administrateur doit le réparer"


def _returned_without_its_task() -> Proposal:
    """The reproduction: a returned proposal whose open « completion » task was deleted."""
    proposal = make_proposal(S.RETURNED)
    router.open_tasks(proposal).delete()
    return proposal


def _repair(*args: str) -> str:
    out = StringIO()
    call_command("repair_routing", *args, stdout=out)
    return out.getvalue()


def test_the_admin_cannot_delete_or_change_a_viewflow_task(cast: dict[str, Any], client) -> None:
    proposal = make_proposal(S.RETURNED)
    task = router.open_task(proposal, ProposalFlow.completion)
    assert task is not None
    client.force_login(cast["users"]["admin"])
    delete = reverse("admin:viewflow_task_delete", args=[task.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    bulk = client.post(
        reverse("admin:viewflow_task_changelist"),
        {"action": "delete_selected", "_selected_action": [task.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    process_delete = reverse("admin:viewflow_process_delete", args=[task.process_id])
    assert client.post(process_delete, {"post": "yes"}).status_code == 403
    assert Task.objects.filter(pk=task.pk, status=task.status).exists()
    page = client.get(reverse("admin:viewflow_task_change", args=[task.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content


def test_resubmitting_a_proposal_without_its_task_answers_409_and_is_recorded(
    cast: dict[str, Any], api_for: Any
) -> None:
    proposal = _returned_without_its_task()
    response = api_for(cast["users"]["assoc_paris"]).post(
        f"/api/v1/proposals/{proposal.pk}/transitions/resubmit/",
        {"expected_state": "returned"},
        format="json",
    )
    assert response.status_code == 409
    assert NEEDS_REPAIR in str(response.json())
    proposal.refresh_from_db()
    assert proposal.status == S.RETURNED
    refusal = HistoryEntry.objects.for_object(proposal).get(outcome=Outcome.REFUSED)
    assert (refusal.action, refusal.by) == ("resubmit", cast["users"]["assoc_paris"])
    assert NEEDS_REPAIR in refusal.comment


def test_resubmitting_from_the_page_without_its_task_says_it_needs_repair(
    cast: dict[str, Any], client_for: Any
) -> None:
    proposal = _returned_without_its_task()
    response = client_for(cast["users"]["assoc_paris"]).post(
        reverse("workflows:proposal_edit", args=[proposal.pk]),
        proposal_data(button="submit", expected_state="returned"),
        follow=True,
    )
    assert response.status_code in (200, 409)
    assert NEEDS_REPAIR in text(response)
    proposal.refresh_from_db()
    assert proposal.status == S.RETURNED


def test_repair_routing_reopens_the_deleted_task_and_the_association_resubmits(
    cast: dict[str, Any],
) -> None:
    proposal = _returned_without_its_task()
    report = _repair("--dry-run")
    assert f"projet {proposal.reference} (returned) : aucune tâche ouverte « completion »" in report
    assert router.open_task(proposal, ProposalFlow.completion) is None

    report = _repair()
    assert "réparé : tâche « completion »" in report
    assert router.open_task(proposal, ProposalFlow.completion) is not None
    assert "rien à réparer" in _repair()

    services.proposal_resubmit(proposal=proposal, by=user("assoc_paris"), source="web")
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED
    assert [t.flow_task for t in router.open_tasks(proposal)] == [ProposalFlow.screen]


def test_repair_routing_cancels_a_task_the_status_has_left(cast: dict[str, Any]) -> None:
    proposal = make_proposal(S.SUBMITTED)
    stray = router.open_at(proposal, ProposalFlow.decision)
    assert "tâche « decision »" in _repair("--dry-run")
    _repair()
    stray.refresh_from_db()
    assert stray.status == "CANCELED"
    assert [t.flow_task for t in router.open_tasks(proposal)] == [ProposalFlow.screen]


def test_repair_routing_stops_the_process_of_a_finished_proposal(cast: dict[str, Any]) -> None:
    proposal = make_proposal(S.WITHDRAWN)
    router.start(proposal)
    assert "processus annulé" in _repair()
    assert router.running_process(proposal) is None
    assert not router.open_tasks(proposal).exists()


def test_repair_routing_reopens_the_approval_of_a_requested_tranche(cast: dict[str, Any]) -> None:
    tranche = make_tranche(TrancheStatus.REQUESTED)
    router.open_tasks(tranche.proposal).delete()
    assert "tranche n° 1 (requested) : aucune tâche ouverte « approve_tranche »" in _repair()
    services.tranche_approve(tranche=tranche, by=user("officer"), source="web")
    tranche.refresh_from_db()
    assert tranche.status == TrancheStatus.APPROVED


def test_repair_routing_starts_a_process_for_an_open_case_whose_process_ended(
    cast: dict[str, Any],
) -> None:
    case = Case.objects.get(status=CaseStatus.ASSESSMENT)
    case_routing.router.cancel(case)
    assert case_routing.router.running_process(case) is None
    assert f"dossier {case.reference} (assessment) : aucun processus en cours" in _repair(
        "--dry-run"
    )
    report = _repair()
    assert "réparé : processus démarré" in report
    task = case_routing.router.open_task(case, CaseFlow.assess)
    assert task is not None and task.owner == case.caseworker
    assert all_mismatches() == []
