"""Generation runs after the transition commits; a failure never undoes it and can be retried."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory

from audit.models import HistoryEntry, Source
from cases import services as case_services
from cases.models import CaseStatus
from documents import services
from documents.models import DocumentFailure, DocumentKind, StoredDocument
from workflows.documents import generate_agreement
from workflows.models import ProposalStatus

# The kinds these tests make (the demo cast holds a mission order of its own).
THESE_KINDS = ("agreement", "reintegration_plan")


@pytest.fixture
def broken_renderer(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("pango exploded")

    monkeypatch.setattr(services, "render_pdf", fail)
    return monkeypatch


def test_approving_a_plan_stores_its_pdf_once_the_transition_commits(
    plan_case, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        case = case_services.case_approve_plan(case=plan_case, by=supervisor, source=Source.WEB)
        assert not StoredDocument.objects.for_owner(case).exists()
    assert callbacks
    (document,) = StoredDocument.objects.for_owner(case)
    assert document.kind == DocumentKind.REINTEGRATION_PLAN
    assert document.created_by == supervisor
    assert document.reference == case.reference


def test_approving_a_proposal_stores_its_agreement_once_the_transition_commits(
    in_committee, committee, django_capture_on_commit_callbacks
):
    from workflows import services as proposal_services

    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_services.proposal_approve(
            proposal=in_committee, by=committee, source=Source.WEB, grant_amount=8_000_000
        )
    (document,) = StoredDocument.objects.for_owner(proposal)
    assert document.kind == DocumentKind.AGREEMENT
    assert document.version == 1


def test_a_failing_renderer_leaves_the_approval_done_and_records_the_failure(
    plan_case, supervisor, broken_renderer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = case_services.case_approve_plan(case=plan_case, by=supervisor, source=Source.WEB)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_SUPPORT
    assert not StoredDocument.objects.for_owner(case).exists()
    (failure,) = services.failures_of(case)
    assert "pango exploded" in failure.error
    assert HistoryEntry.objects.for_object(case).filter(action="document_failed").exists()


def test_the_failure_shows_on_the_page_with_a_retry_that_works(
    plan_case, supervisor, client_for, broken_renderer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = case_services.case_approve_plan(case=plan_case, by=supervisor, source=Source.WEB)
    request = RequestFactory().get(case.get_absolute_url())
    request.user = supervisor
    panel = Template("{% load document_panels %}{% documents_panel case %}").render(
        Context({"case": case, "request": request})
    )
    assert "a échoué" in panel
    assert "Relancer la génération" in panel
    assert "pango" not in panel

    broken_renderer.undo()
    response = client_for(supervisor).post(
        f"/documents/regenerate/reintegration_plan/{case.pk}/", follow=True
    )
    assert response.status_code == 200
    assert "le document est prêt" in response.content.decode()
    assert StoredDocument.objects.for_owner(case).count() == 1
    assert not services.failures_of(case).exists()
    assert DocumentFailure.objects.filter(kind__in=THESE_KINDS).get().resolved


def test_a_failed_retry_says_so_and_keeps_the_failure(
    plan, plan_approved, supervisor, client_for, broken_renderer
):
    response = client_for(supervisor).post(
        f"/documents/regenerate/reintegration_plan/{plan_approved.pk}/", follow=True
    )
    assert "La génération du document a échoué" in response.content.decode()
    assert services.failures_of(plan_approved).count() == 1
    assert [d.version for d in StoredDocument.objects.for_owner(plan_approved)] == [1]


def test_the_command_creates_missing_documents_and_retries_failures(
    approved, plan_approved, committee, broken_renderer
):
    assert generate_agreement(approved, committee) is None
    broken_renderer.undo()

    call_command("regenerate_documents")

    assert [d.version for d in StoredDocument.objects.for_owner(approved)] == [1]
    assert [d.version for d in StoredDocument.objects.for_owner(plan_approved)] == [1]
    assert not DocumentFailure.objects.filter(resolved=False, kind__in=THESE_KINDS).exists()
    call_command("regenerate_documents")
    assert StoredDocument.objects.filter(kind__in=THESE_KINDS).count() == 2


def test_the_command_retries_a_failed_regeneration_of_an_existing_document(
    agreement, approved, officer, broken_renderer
):
    assert generate_agreement(approved, officer) is None
    broken_renderer.undo()
    call_command("regenerate_documents")
    assert [d.version for d in StoredDocument.objects.for_owner(approved)] == [2, 1]


def test_the_command_reports_what_it_would_do_on_a_dry_run(approved, plan_approved, capsys):
    call_command("regenerate_documents", "--dry-run")
    out = capsys.readouterr().out
    assert approved.reference in out
    assert plan_approved.reference in out
    assert not StoredDocument.objects.filter(kind__in=THESE_KINDS).exists()


def test_rejected_proposals_get_no_agreement(in_committee, cast):
    from workflows import services as proposal_services

    proposal_services.proposal_reject(
        proposal=in_committee, by=cast["users"]["committee"], source=Source.WEB, comment="Non."
    )
    call_command("regenerate_documents")
    assert in_committee.__class__.objects.get(pk=in_committee.pk).status == ProposalStatus.REJECTED
    assert not StoredDocument.objects.filter(kind__in=THESE_KINDS).exists()
