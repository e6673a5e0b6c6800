"""The register's mails: each in its reporter's language, with the tracking link (never
a page that needs an account), sent once the transaction commits."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import translation

from difficulties import services
from difficulties.choices import DifficultyStatus
from difficulties.codes import code_of_token
from difficulties.models import Difficulty
from difficulties.notifications import tracking_link
from difficulties.services.maintenance import escalate_overdue
from tests.difficulties.builders import make_difficulty, reported

pytestmark = pytest.mark.django_db
S = DifficultyStatus
WEB = "web"


def to(address: str) -> list[Any]:
    return [message for message in mail.outbox if message.to == [address]]


def test_the_confirmation_link_is_mailed_in_the_reporters_language(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        difficulty = reported()
    assert difficulty.language == "en"
    (message,) = mail.outbox
    assert message.subject == f"Confirm your report {difficulty.tracking_code}"
    token = message.body.strip().split("/signaler/confirmer/")[1].rstrip("/")
    assert code_of_token(token) == difficulty.tracking_code


def test_the_answer_is_mailed_to_every_reporter_of_the_report_and_its_duplicates(
    focal_paris: User, django_capture_on_commit_callbacks: Any
) -> None:
    main = make_difficulty(S.QUALIFIED)
    with translation.override("en"):
        english = make_difficulty(S.REPORTED)
    french = make_difficulty(S.REPORTED)
    for duplicate in (english, french):
        services.difficulty_merge(
            difficulty=duplicate, into=main.tracking_code, by=focal_paris, source=WEB
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.difficulty_answer(
            difficulty=main, answer="Votre passeport est prêt.", by=focal_paris, source=WEB
        )
    assert len(mail.outbox) == 3
    for report in (main, english, french):
        (message,) = to(report.email)
        assert "Votre passeport est prêt." in message.body
        assert tracking_link(report) in message.body
    assert to(english.email)[0].subject == f"Answer to your report {english.tracking_code}"
    assert to(french.email)[0].subject == f"Réponse à votre signalement {french.tracking_code}"


def test_a_merge_tells_the_reporters_of_the_merged_report_and_of_its_duplicates(
    focal_paris: User, django_capture_on_commit_callbacks: Any
) -> None:
    first = make_difficulty(S.REPORTED)
    follower = make_difficulty(S.REPORTED)
    services.difficulty_merge(
        difficulty=follower, into=first.tracking_code, by=focal_paris, source=WEB
    )
    main = make_difficulty(S.REPORTED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.difficulty_merge(
            difficulty=first, into=main.tracking_code, by=focal_paris, source=WEB
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, follower.email])
    for message in mail.outbox:
        assert main.tracking_code in message.body


def test_a_rejection_gives_its_reason_with_the_tracking_link(
    focal_paris: User, django_capture_on_commit_callbacks: Any
) -> None:
    difficulty = make_difficulty(S.REPORTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.difficulty_reject(
            difficulty=difficulty,
            reason="Relève du ministère de la Justice.",
            by=focal_paris,
            source=WEB,
        )
    (message,) = mail.outbox
    assert "Relève du ministère de la Justice." in message.body
    assert tracking_link(difficulty) in message.body


def test_a_phone_only_reporter_gets_no_mail(
    focal_paris: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        difficulty = make_difficulty(S.REFERRED, email="", phone="+33 6 00 00 00 02")
        services.difficulty_answer(
            difficulty=difficulty, answer="Rappelez le consulat.", by=focal_paris, source=WEB
        )
    assert mail.outbox == []


def test_an_overdue_referral_is_mailed_to_the_officers_once(
    officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    difficulty = make_difficulty(S.REFERRED)
    Difficulty.objects.filter(status=S.REFERRED).exclude(pk=difficulty.pk).update(
        escalated_at="2026-01-01T00:00:00Z"
    )
    Difficulty.objects.filter(pk=difficulty.pk).update(due_date="2026-01-01")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate_overdue() == 1
        assert escalate_overdue() == 0
    (message,) = mail.outbox
    assert officer.email in message.to
    assert message.subject == f"Transmission en retard : {difficulty.tracking_code}"
    assert f"/difficultes/{difficulty.pk}/" in message.body
