"""The register's daily commands: what they do, said in words, and nothing more when run
again."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from audit.models import HistoryEntry
from difficulties.choices import DifficultyStatus
from difficulties.models import Difficulty
from tests.difficulties.builders import make_difficulty

pytestmark = pytest.mark.django_db
S = DifficultyStatus


def run(name: str) -> str:
    out = StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_escalate_overdue_difficulties_escalates_each_referral_once(
    officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    Difficulty.objects.filter(status=S.REFERRED).update(escalated_at=timezone.now())
    overdue = make_difficulty(S.REFERRED)
    on_time = make_difficulty(S.REFERRED)
    Difficulty.objects.filter(pk=overdue.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        said = run("escalate_overdue_difficulties")
    assert said == "Transmissions en retard signalées aux chargés de programme : 1\n"
    assert [m.to for m in mail.outbox] == [[officer.email]]
    overdue.refresh_from_db()
    assert overdue.escalated_at is not None
    row = HistoryEntry.objects.get(
        content_type__app_label="difficulties", object_id=overdue.pk, action="escalate"
    )
    assert row.source == "command" and row.by is None
    assert not HistoryEntry.objects.filter(
        content_type__app_label="difficulties", object_id=on_time.pk, action="escalate"
    ).exists()
    assert run("escalate_overdue_difficulties").endswith(" : 0\n")


def test_close_answered_difficulties_closes_the_silent_answers_and_forgets_the_unconfirmed(
    cast: dict[str, Any],
) -> None:
    Difficulty.objects.filter(status=S.ANSWERED).update(answered_at=timezone.now())
    silent = make_difficulty(S.ANSWERED)
    recent = make_difficulty(S.ANSWERED)
    Difficulty.objects.filter(pk=silent.pk).update(answered_at=days_ago(31))
    forgotten = make_difficulty(S.UNCONFIRMED)
    waiting = make_difficulty(S.UNCONFIRMED)
    Difficulty.objects.filter(pk=forgotten.pk).update(
        created_at=days_ago(8), link_sent_at=days_ago(8)
    )
    said = run("close_answered_difficulties")
    assert said == (
        "Signalements répondus clôturés faute d'avis du déclarant : 1\n"
        "Signalements jamais confirmés supprimés avec leurs pièces : 1\n"
    )
    silent.refresh_from_db()
    assert silent.status == S.CLOSED and silent.closed_at is not None
    row = HistoryEntry.objects.get(
        content_type__app_label="difficulties", object_id=silent.pk, action="close"
    )
    assert (row.source, row.by) == ("command", None)
    assert Difficulty.objects.get(pk=recent.pk).status == S.ANSWERED
    assert not Difficulty.objects.filter(pk=forgotten.pk).exists()
    assert Difficulty.objects.filter(pk=waiting.pk).exists()
    assert run("close_answered_difficulties").count(" : 0\n") == 2
