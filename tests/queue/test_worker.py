"""The background work on a real Celery worker and Redis broker (`.ci/run`'s step
« Background work on a Celery worker »).

Runs only when `CELERY_BROKER_URL` names the broker a worker listens to, and that
worker shares this suite's database (the test database, e.g. `test_diaspora` on
PostgreSQL), `MEDIA_ROOT` and a file-based mailbox (`EMAIL_FILE_PATH`); see the step
in `.ci/run`. The tests commit real transactions, so that the worker sees the rows.
"""

from __future__ import annotations

import email
import os
import time
from collections.abc import Callable
from email import policy
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from config.celery import app
from documents import services
from documents.models import DocumentFailure, StoredDocument
from observatory.exports import services as exports
from observatory.models import Export, ExportStatus
from tests.concurrency import COMMITTED
from workflows.models import Call, ProposalStatus

pytestmark = [
    pytest.mark.worker,
    *COMMITTED,
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL") or not os.environ.get("EMAIL_FILE_PATH"),
        reason=(
            "needs a Celery worker: CELERY_BROKER_URL, EMAIL_FILE_PATH and MEDIA_ROOT shared "
            "with a `celery -A config worker` on this suite's database (see .ci/run)"
        ),
    ),
]
APPROVAL = {"grant_amount": "8 000 000", "expected_state": "in_committee"}
# Long enough for a busy two-core machine to render a PDF, retries included.
PATIENCE = 90


@pytest.fixture(autouse=True)
def _shared_with_the_worker(settings: Any) -> None:
    settings.CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
    settings.MEDIA_ROOT = Path(os.environ["MEDIA_ROOT"])
    replies = app.control.ping(timeout=5)
    assert replies, f"No Celery worker answers on {settings.CELERY_BROKER_URL}."


def _until(what: str, check: Callable[[], Any]) -> Any:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"Still waiting after {PATIENCE} s for {what}.")


def _approve(client: Any, proposal: Any) -> None:
    url = reverse("workflows:proposal_transition", args=[proposal.pk, "approve"])
    assert client.post(url, APPROVAL).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED


def _subjects_about(reference: str) -> list[str]:
    """The subjects of the mails about `reference` in the worker's file-based mailbox
    (one file per connection, messages separated by a line of dashes)."""
    subjects = []
    for path in sorted(Path(os.environ["EMAIL_FILE_PATH"]).glob("*.log")):
        for text in path.read_text(encoding="utf-8").split("-" * 79):
            subject = str(email.message_from_string(text.strip(), policy=policy.default)["subject"])
            if subject.startswith(f"[{reference}]"):
                subjects.append(subject)
    return subjects


def test_an_approval_answers_at_once_and_the_worker_renders_the_agreement_and_mails(
    in_committee, committee, officer, client_for
):
    started = time.monotonic()
    _approve(client_for(committee), in_committee)
    answered_in = time.monotonic() - started

    # The answer did not wait for the PDF: it is still being prepared.
    assert services.pending_of(in_committee).exists(), f"answered in {answered_in:.2f} s"
    page = client_for(officer).get(in_committee.get_absolute_url()).content.decode()
    assert "Document en préparation depuis le" in page or "Version 1 (PDF)" in page

    document = _until(
        "the agreement", lambda: StoredDocument.objects.for_owner(in_committee).first()
    )
    assert document.version == 1 and not services.pending_of(in_committee).exists()
    page = client_for(officer).get(in_committee.get_absolute_url()).content.decode()
    assert "Version 1 (PDF)" in page and "en préparation" not in page
    download = client_for(officer).get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200

    approved = f"[{in_committee.reference}] Projet approuvé"
    _until("the mail", lambda: approved in _subjects_about(in_committee.reference))


def _break_the_tranche_plan(call: Call) -> list[Any]:
    """A plan the agreement cannot print (saved past the model's checks)."""
    plan = list(call.tranche_plan)
    Call.objects.filter(pk=call.pk).update(tranche_plan=["x"])
    return plan


def test_a_failing_rendering_is_retried_by_the_worker_and_succeeds_once_the_cause_is_gone(
    in_committee, committee, officer, client_for
):
    plan = _break_the_tranche_plan(in_committee.call)
    _approve(client_for(committee), in_committee)
    time.sleep(1.5)  # the first tries fail
    assert services.pending_of(in_committee).exists()
    assert not StoredDocument.objects.for_owner(in_committee).exists()
    page = client_for(officer).get(in_committee.get_absolute_url()).content.decode()
    assert "Document en préparation depuis le" in page

    Call.objects.filter(pk=in_committee.call_id).update(tranche_plan=plan)
    _until("the retry", lambda: StoredDocument.objects.for_owner(in_committee).exists())
    assert not DocumentFailure.objects.exists()


def test_a_rendering_that_keeps_failing_ends_as_a_failure_with_the_retry_button(
    in_committee, committee, officer, client_for
):
    _break_the_tranche_plan(in_committee.call)
    _approve(client_for(committee), in_committee)

    failure = _until("the failure", lambda: services.failures_of(in_committee).first())
    assert "ValueError" in failure.error
    assert not services.pending_of(in_committee).exists()
    page = client_for(officer).get(in_committee.get_absolute_url()).content.decode()
    assert "a échoué" in page and "Relancer la génération" in page


def test_a_large_export_is_written_by_the_worker_and_offered_for_download(
    officer, client_for, monkeypatch
):
    monkeypatch.setattr(exports, "BACKGROUND_ROWS", 1)
    client = client_for(officer)
    answer = client.get(reverse("observatory:export", args=["associations"]), {"format": "csv"})
    export = Export.objects.get(requested_by=officer)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("observatory:export_detail", args=[export.pk])

    _until(
        "the export",
        lambda: Export.objects.filter(pk=export.pk, status=ExportStatus.DONE).exists(),
    )
    export.refresh_from_db()
    assert export.rows_done == export.rows_total > 1 and export.size > 0
    page = client.get(answer["Location"]).content.decode()
    download = reverse("observatory:export_download", args=[export.pk])
    assert f'href="{download}"' in page
    content = b"".join(client.get(download).streaming_content)
    assert content.startswith(b"\xef\xbb\xbf") and len(content) == export.size
