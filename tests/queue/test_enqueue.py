"""The background work without a worker: what a request hands over after its commit,
and how a task behaves when it runs twice or fails (tests/queue/test_worker.py runs the
same path on a real worker)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from kombu.exceptions import OperationalError

from config.celery import app
from documents import services
from documents.models import DocumentFailure, PendingDocument, StoredDocument
from documents.tasks import render, render_pending
from processes.models import SentMail
from processes.tasks import send_mails
from workflows.models import ProposalStatus

# The kinds these tests make (the demo cast holds a mission order of its own).
THESE_KINDS = ("agreement", "reintegration_plan")

BROKER = "redis://127.0.0.1:6391/0"
APPROVAL = {"grant_amount": "8 000 000", "expected_state": "in_committee"}


def _approve_from_the_page(client: Any, proposal: Any, capture: Any) -> Any:
    url = reverse("workflows:proposal_transition", args=[proposal.pk, "approve"])
    with capture(execute=True):
        answer = client.post(url, APPROVAL)
    assert answer.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    return proposal


class Published:
    """Stands for the broker: keeps what was published, runs nothing."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.fail = fail

    def patch(self, monkeypatch: pytest.MonkeyPatch, *tasks: Any) -> Published:
        for task in tasks:
            real = task._get_current_object()

            def publish(args: tuple[Any, ...] = (), *, _name: str = real.name, **_: Any) -> None:
                if self.fail:
                    raise OperationalError("Error 111 connecting to 127.0.0.1:6391.")
                self.calls.append((_name, tuple(args)))

            monkeypatch.setattr(real, "apply_async", publish)
        return self


def test_the_celery_application_knows_every_task_and_acknowledges_them_once_done() -> None:
    for name in ("documents.tasks.render_pending", "processes.tasks.send_mails"):
        task = app.tasks[name]
        assert task.acks_late and task.retry_backoff and task.max_retries >= 3
        assert task.autoretry_for == (Exception,)


@pytest.fixture
def broker(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Published:
    """A broker configured, and a stand-in for it that keeps what is published."""
    settings.CELERY_BROKER_URL = BROKER
    return Published().patch(monkeypatch, render_pending, send_mails)


@pytest.fixture
def published_approval(
    broker, in_committee, committee, client_for, django_capture_on_commit_callbacks
) -> tuple[Any, PendingDocument]:
    """The approval made with a broker configured: published, not rendered yet."""
    approved = _approve_from_the_page(
        client_for(committee), in_committee, django_capture_on_commit_callbacks
    )
    (pending,) = services.pending_of(approved)
    return approved, pending


def test_with_a_broker_the_approval_answers_before_the_pdf_and_shows_it_in_preparation(
    broker, published_approval, officer, client_for
):
    approved, pending = published_approval
    assert ("documents.tasks.render_pending", (pending.pk,)) in broker.calls
    assert any(name == "processes.tasks.send_mails" for name, _ in broker.calls)
    assert not StoredDocument.objects.filter(kind__in=THESE_KINDS).exists() and mail.outbox == []
    page = client_for(officer).get(approved.get_absolute_url()).content.decode()
    assert "Document en préparation depuis le" in page

    # The worker's turn: the same task, given the id it was published with.
    assert render_pending.apply(args=[pending.pk]).get() is not None
    page = client_for(officer).get(approved.get_absolute_url()).content.decode()
    assert "Version 1 (PDF)" in page and "en préparation" not in page


def test_a_broker_that_does_not_answer_leaves_nothing_undone(
    broker,
    in_committee,
    committee,
    officer,
    client_for,
    caplog,
    django_capture_on_commit_callbacks,
):
    """Redis down: the approval commits, and its mails and PDF are done in the request,
    as without a broker (a mail left to a broker that refused would be lost)."""
    broker.fail = True
    approved = _approve_from_the_page(
        client_for(committee), in_committee, django_capture_on_commit_callbacks
    )

    assert "The broker refused documents.tasks.render_pending" in caplog.text
    assert "The broker refused processes.tasks.send_mails" in caplog.text
    assert services.pending_of(approved).count() == 0
    assert [d.version for d in StoredDocument.objects.for_owner(approved)] == [1]
    assert any(approved.reference in message.body for message in mail.outbox)
    page = client_for(officer).get(approved.get_absolute_url()).content.decode()
    assert "Version 1 (PDF)" in page and "en préparation" not in page


def test_rendering_a_pending_document_twice_makes_one_document(published_approval):
    approved, pending = published_approval
    assert render(pending.pk) is not None
    assert render(pending.pk) is None  # delivered again: nothing left to do
    assert [d.version for d in StoredDocument.objects.for_owner(approved)] == [1]
    assert not PendingDocument.objects.filter(resolved=False).exists()


def _rendering_fails(monkeypatch: pytest.MonkeyPatch, times: int) -> list[int]:
    """The renderer fails its first `times` calls; the list counts the calls."""
    real = services.render_pdf
    tries: list[int] = []

    def flaky(*args: Any, **kwargs: Any) -> bytes:
        tries.append(1)
        if len(tries) <= times:
            raise RuntimeError("pango exploded")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "render_pdf", flaky)
    return tries


def test_a_failing_rendering_is_retried_then_its_failure_is_shown_with_the_retry_button(
    published_approval, officer, client_for, monkeypatch
):
    approved, pending = published_approval
    tries = _rendering_fails(monkeypatch, times=100)
    render_pending.apply(args=[pending.pk])  # as a worker runs it: retried, then given up

    assert len(tries) == render_pending.max_retries + 1
    (failure,) = DocumentFailure.objects.filter(kind__in=THESE_KINDS).all()
    assert "pango exploded" in failure.error
    assert not services.pending_of(approved).exists()
    page = client_for(officer).get(approved.get_absolute_url()).content.decode()
    assert "a échoué" in page and "Relancer la génération" in page


def test_a_rendering_that_fails_once_succeeds_on_its_retry_without_a_failure(
    published_approval, monkeypatch
):
    approved, pending = published_approval
    tries = _rendering_fails(monkeypatch, times=1)
    render_pending.apply(args=[pending.pk])

    assert len(tries) == 2
    assert [d.version for d in StoredDocument.objects.for_owner(approved)] == [1]
    assert not DocumentFailure.objects.filter(kind__in=THESE_KINDS).exists()


def test_without_a_broker_a_failing_rendering_is_tried_once_in_the_request(
    in_committee, committee, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    tries = _rendering_fails(monkeypatch, times=100)
    approved = _approve_from_the_page(
        client_for(committee), in_committee, django_capture_on_commit_callbacks
    )
    assert len(tries) == 1
    assert services.failures_of(approved).count() == 1


MESSAGES = [
    ["Projet approuvé", "Le comité a approuvé votre projet.", ["contact@arkf.example"]],
    ["Projet approuvé", "Le comité a approuvé votre projet.", ["tresorier@arkf.example"]],
]


def test_a_mail_task_delivered_twice_sends_each_mail_once(db) -> None:
    send_mails.apply(args=["k1", MESSAGES])
    send_mails.apply(args=["k1", MESSAGES])
    assert sorted(m.to[0] for m in mail.outbox) == [
        "contact@arkf.example",
        "tresorier@arkf.example",
    ]
    assert SentMail.objects.filter(key__startswith="k1:").count() == 2


def test_a_mail_server_failure_is_retried_without_mailing_twice_whoever_already_got_it(
    db, monkeypatch
) -> None:
    from processes import tasks

    real = tasks.send_mail
    tries: list[str] = []

    def flaky(subject: str, body: str, sender: Any, to: list[str], **kw: Any) -> int:
        tries.append(to[0])
        if tries == ["contact@arkf.example", "tresorier@arkf.example"]:
            raise ConnectionRefusedError("smtp down")
        return real(subject, body, sender, to, **kw)

    monkeypatch.setattr(tasks, "send_mail", flaky)
    send_mails.apply(args=["k2", MESSAGES])

    assert tries == ["contact@arkf.example", "tresorier@arkf.example", "tresorier@arkf.example"]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "contact@arkf.example",
        "tresorier@arkf.example",
    ]
