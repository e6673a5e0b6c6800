"""A committed decision always ends with its document or a visible failure: the document is
recorded as pending in the decision's own transaction, before anything is rendered."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import Source
from cases import services as case_services
from documents import services
from documents.models import DocumentFailure, PendingDocument, StoredDocument
from workflows import services as proposal_services
from workflows.models import ProposalStatus

# The kinds these tests make (the demo cast holds a mission order of its own).
THESE_KINDS = ("agreement", "reintegration_plan")

GRANT = 8_000_000


def _approve(proposal, committee):
    return proposal_services.proposal_approve(
        proposal=proposal, grant_amount=GRANT, by=committee, source=Source.WEB
    )


def _age(minutes):
    # The rendering request died that long ago (the row is not a stored document: it may move).
    PendingDocument.objects.update(at=timezone.now() - datetime.timedelta(minutes=minutes))


def test_a_worker_killed_after_the_approval_leaves_a_pending_agreement_the_command_completes(
    in_committee, committee, officer, client_for, django_capture_on_commit_callbacks
):
    # The after-commit rendering never runs: the worker died once the approval committed.
    with django_capture_on_commit_callbacks(execute=False):
        approved = _approve(in_committee, committee)
    assert approved.status == ProposalStatus.APPROVED
    (pending,) = services.pending_of(approved)
    assert (pending.kind, pending.by, pending.source) == ("agreement", committee, Source.WEB)
    assert (
        not StoredDocument.objects.filter(kind__in=THESE_KINDS).exists()
        and not DocumentFailure.objects.filter(kind__in=THESE_KINDS).exists()
    )

    page = client_for(officer).get(approved.get_absolute_url()).content.decode()
    assert "Document en préparation depuis le" in page
    assert "Relancer la génération" in page
    assert "Aucun document généré" not in page

    # From cron: a row younger than the grace may still be rendering in its request.
    call_command("regenerate_documents", "--older-than", "5")
    assert not StoredDocument.objects.filter(kind__in=THESE_KINDS).exists()
    _age(10)
    call_command("regenerate_documents", "--older-than", "5")
    assert [d.version for d in StoredDocument.objects.for_owner(approved)] == [1]
    assert not services.pending_of(approved).exists()
    page = client_for(officer).get(approved.get_absolute_url()).content.decode()
    assert "en préparation" not in page and "Version 1 (PDF)" in page


def test_a_rendering_cut_short_leaves_the_pending_plan_and_the_button_completes_it(
    plan_case, supervisor, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    def killed(*args, **kwargs):
        raise SystemExit("worker timeout")

    monkeypatch.setattr(services, "render_pdf", killed)
    with pytest.raises(SystemExit), django_capture_on_commit_callbacks(execute=True):
        case_services.case_approve_plan(case=plan_case, by=supervisor, source=Source.WEB)
    assert services.pending_of(plan_case).count() == 1
    assert not services.failures_of(plan_case).exists()

    monkeypatch.undo()
    response = client_for(supervisor).post(
        f"/documents/regenerate/reintegration_plan/{plan_case.pk}/", follow=True
    )
    assert "le document est prêt" in response.content.decode()
    assert StoredDocument.objects.for_owner(plan_case).count() == 1
    assert not services.pending_of(plan_case).exists()
    assert PendingDocument.objects.filter(kind__in=THESE_KINDS).get().resolved


def test_a_render_failure_turns_the_pending_row_into_a_visible_failure(
    in_committee, committee, officer, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("pango exploded")

    monkeypatch.setattr(services, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        approved = _approve(in_committee, committee)
    assert services.failures_of(approved).count() == 1
    assert not services.pending_of(approved).exists()
    page = client_for(officer).get(approved.get_absolute_url()).content.decode()
    assert "a échoué" in page and "en préparation" not in page


def test_a_refused_approval_leaves_no_pending_document(in_committee, committee):
    with pytest.raises(Exception):  # noqa: B017 - whichever refusal: nothing is due
        proposal_services.proposal_approve(
            proposal=in_committee, grant_amount=10**11, by=committee, source=Source.WEB
        )
    assert not PendingDocument.objects.filter(kind__in=THESE_KINDS).exists()
