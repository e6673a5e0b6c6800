"""The public side's rules that keep the tracking code the reporter's alone: staff do
not speak for the reporter, a repeated report gets no code back, a duplicate's code
does not speak for the main report; and the tracking page, the confirmation and the
rates as people meet them."""

from __future__ import annotations

import datetime
import html as markup
import re
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from difficulties import services
from difficulties.choices import DifficultyStatus
from difficulties.codes import confirmation_token, new_code
from difficulties.models import Difficulty
from difficulties.services.maintenance import forget_unconfirmed
from documents.uploads import attachments_of
from processes.transitions import StaleObject
from tests.difficulties.builders import SOURCE, make_difficulty, report_fields, reported

pytestmark = pytest.mark.django_db

S = DifficultyStatus
FORM = reverse("difficulties:report")
PUBLIC = "/api/v1/public/difficulties/"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def tracking(difficulty: Difficulty) -> str:
    return reverse("difficulties:tracking", args=[difficulty.tracking_code])


def text(response: Any) -> str:
    return markup.unescape(response.content.decode())


def form_data(**fields: Any) -> dict[str, Any]:
    return {**report_fields(**fields), "consent": "on"}


# --- Staff do not give the reporter's word ----------------------------------------------


@pytest.mark.parametrize("persona", ["focal_paris", "officer", "auditor"])
def test_a_signed_in_staff_member_cannot_give_the_reporters_word(
    cast: dict[str, Any], client: Client, persona: str
) -> None:
    difficulty = make_difficulty(S.ANSWERED)
    client.force_login(cast["users"][persona])
    page = client.post(tracking(difficulty), {"resolved": "yes"})
    assert page.status_code == 403
    assert "Seul le déclarant" in text(page)
    assert "Cette réponse a-t-elle résolu" not in text(client.get(tracking(difficulty)))
    api = APIClient()
    api.force_login(cast["users"][persona])
    answer = api.post(f"{PUBLIC}{difficulty.tracking_code}/feedback/", {"resolved": True})
    assert answer.status_code == 403, answer.content
    assert "Seul le déclarant" in answer.json()["detail"]
    difficulty.refresh_from_db()
    assert difficulty.status == S.ANSWERED


def test_the_auditor_reads_the_register_without_tracking_codes(
    cast: dict[str, Any], client: Client
) -> None:
    difficulty = make_difficulty(S.ANSWERED)
    client.force_login(cast["users"]["auditor"])
    listing = text(client.get(reverse("difficulties:list")))
    detail = text(client.get(reverse("difficulties:detail", args=[difficulty.pk])))
    assert difficulty.tracking_code not in listing
    assert difficulty.tracking_code not in detail
    client.force_login(cast["users"]["officer"])
    assert difficulty.tracking_code in text(client.get(reverse("difficulties:list")))


# --- Referred again after an unresolved answer ------------------------------------------


def test_an_answer_after_a_new_referral_asks_for_the_reporters_word_again(
    cast: dict[str, Any], client: Client, focal_paris: User
) -> None:
    difficulty = make_difficulty(S.UNRESOLVED)
    difficulty = services.difficulty_refer(
        difficulty=difficulty,
        administration="dgdn",
        due_date=timezone.localdate() + datetime.timedelta(days=10),
        by=focal_paris,
        source=SOURCE,
    )
    assert difficulty.feedback_at is None and difficulty.feedback_note == ""
    services.difficulty_answer(
        difficulty=difficulty, answer="Le passeport est reparti.", by=focal_paris, source=SOURCE
    )
    page = text(client.get(tracking(difficulty)))
    assert "n'a pas résolu votre difficulté" not in page
    assert "Cette réponse a-t-elle résolu" in page
    assert client.post(tracking(difficulty), {"resolved": "yes"}).status_code == 302
    difficulty.refresh_from_db()
    assert difficulty.status == S.RESOLVED


# --- The same report sent again ---------------------------------------------------------


def test_a_repeated_report_on_the_page_mails_the_code_and_shows_none(
    cast: dict[str, Any], client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    fields = form_data()
    first = client.post(FORM, fields)
    assert first.status_code == 302
    difficulty = Difficulty.objects.get(email=fields["email"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            FORM,
            {**fields, "pieces": [SimpleUploadedFile("a.pdf", PDF, "application/pdf")]},
            REMOTE_ADDR="198.51.100.9",
        )
    assert again.status_code == 200
    page = text(again)
    assert difficulty.tracking_code not in page
    assert "son code de suivi a été renvoyé à l'adresse e-mail donnée" in page
    assert "pièces" in page
    (message,) = mail.outbox
    assert message.to == [fields["email"]]
    assert difficulty.tracking_code in message.body
    assert tracking(difficulty) in message.body
    assert "/signaler/confirmer/" in message.body
    assert not attachments_of(difficulty).exists()  # the repeated report's piece is not kept


def test_a_repeated_phone_only_report_says_the_embassy_will_call(
    cast: dict[str, Any], client: Client
) -> None:
    fields = form_data(email="", phone="+33 6 11 22 33 44")
    assert client.post(FORM, fields).status_code == 302
    again = client.post(FORM, fields)
    assert again.status_code == 200
    assert "l'ambassade vous rappellera" in text(again)


def test_a_repeated_report_through_the_api_gets_no_code(cast: dict[str, Any]) -> None:
    fields = report_fields()
    first = APIClient().post(PUBLIC, fields, format="json")
    assert first.status_code == 201
    assert first.json()["tracking_code"]
    again = APIClient().post(PUBLIC, fields, format="json")
    assert again.status_code == 200
    body = again.json()
    assert body["tracking_code"] is None
    assert body["status"] == "already_sent"
    assert "renvoyé" in body["detail"]
    assert first.json()["tracking_code"] not in again.content.decode()


# --- A duplicate's code -----------------------------------------------------------------


def test_a_duplicates_code_gives_no_word_through_the_api(cast: dict[str, Any]) -> None:
    duplicate = make_difficulty(S.DUPLICATE)
    answer = APIClient().post(f"{PUBLIC}{duplicate.tracking_code}/feedback/", {"resolved": True})
    assert answer.status_code == 409
    assert "fusionné" in answer.json()["detail"]


# --- A rejected main report ---------------------------------------------------------------


def test_a_rejected_main_report_tells_its_duplicates_reporters_why(
    cast: dict[str, Any],
    client: Client,
    focal_paris: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    duplicate = make_difficulty(S.DUPLICATE)
    main = duplicate.main
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.difficulty_reject(
            difficulty=main, reason="Relève d'un autre ministère.", by=focal_paris, source=SOURCE
        )
    told = [message for message in mail.outbox if message.to == [duplicate.email]]
    assert len(told) == 1
    assert "Relève d'un autre ministère." in told[0].body
    assert "Relève d'un autre ministère." in text(client.get(tracking(duplicate)))


# --- The page after sending ---------------------------------------------------------------


def test_the_sent_page_is_the_same_for_a_real_code_and_any_other(
    cast: dict[str, Any], client: Client
) -> None:
    phone_only = reported(email="", phone="+33 6 11 22 33 44", category="visa")
    invented = new_code()

    def page(code: str) -> str:
        url = reverse("difficulties:reported", args=[code])
        shown = text(client.get(f"{url}?category=visa")).replace(code, "CODE")
        return re.sub(r'nonce="[^"]*"|value="[^"]{32,}"|"X-CSRFToken": "[^"]*"', "", shown)

    assert page(phone_only.tracking_code) == page(invented)
    shown = page(invented)
    assert "Consultez votre boîte aux lettres" in shown
    assert "l'ambassade, qui vous appellera" in shown


# --- Confirming twice at once --------------------------------------------------------------


def test_a_confirmation_raced_by_another_reads_as_already_confirmed(
    cast: dict[str, Any], client: Client
) -> None:
    difficulty = reported()
    url = reverse("difficulties:confirm", args=[confirmation_token(difficulty.tracking_code)])

    def raced(*args: Any, **kwargs: Any) -> None:
        Difficulty.objects.filter(pk=difficulty.pk).update(status=S.REPORTED)
        raise StaleObject()

    with mock.patch("difficulties.services.reporting.DIFFICULTY_TRANSITIONS.run", raced):
        response = client.post(url)
    assert response.status_code == 200
    assert "déjà confirmé" in text(response)


# --- The link mailed again ------------------------------------------------------------------


def test_a_link_mailed_again_keeps_the_report_for_its_full_week(cast: dict[str, Any]) -> None:
    fields = report_fields()
    six_days_ago = timezone.now() - datetime.timedelta(days=6)
    with mock.patch("django.utils.timezone.now", return_value=six_days_ago):
        difficulty, _created = services.difficulty_report(
            fields=fields, by=mock.Mock(is_authenticated=False), source=SOURCE
        )
    Difficulty.objects.filter(pk=difficulty.pk).update(
        created_at=six_days_ago - datetime.timedelta(days=1)
    )
    services.difficulty_report(fields=fields, by=mock.Mock(is_authenticated=False), source=SOURCE)
    difficulty.refresh_from_db()
    assert difficulty.link_sent_at is not None
    assert forget_unconfirmed(now=timezone.now() + datetime.timedelta(days=2)) == 0
    assert Difficulty.objects.filter(pk=difficulty.pk).exists()
    assert forget_unconfirmed(now=timezone.now() + datetime.timedelta(days=8)) >= 1
    assert not Difficulty.objects.filter(pk=difficulty.pk).exists()


# --- The rates count what passes ------------------------------------------------------------


def test_typos_do_not_use_up_the_report_rate(
    cast: dict[str, Any], client: Client, settings: Any
) -> None:
    settings.DIFFICULTY_RATE_PER_ADDRESS = "2/h"
    settings.DIFFICULTY_RATE_PER_EMAIL = "2/h"
    for _attempt in range(3):
        typo = {**form_data(email="same@example.org"), "consent": ""}
        assert client.post(FORM, typo).status_code == 400
    assert client.post(FORM, form_data(email="same@example.org")).status_code == 302
    api = APIClient().post(PUBLIC, report_fields(email="same@example.org"), format="json")
    assert api.status_code == 201


def test_invalid_floods_are_bounded_by_the_attempts_budget(
    cast: dict[str, Any], client: Client, settings: Any
) -> None:
    settings.DIFFICULTY_RATE_ATTEMPTS = "3/h"
    for _attempt in range(3):
        assert client.post(FORM, {"description": "x"}).status_code == 400
    refused = client.post(FORM, form_data())
    assert refused.status_code == 429
    assert "Trop de tentatives" in text(refused)
    api = APIClient().post(PUBLIC, report_fields(), format="json")
    assert api.status_code == 429


# --- Pieces in total ------------------------------------------------------------------------


def test_pieces_over_the_total_are_refused_on_their_field(
    cast: dict[str, Any], client: Client, settings: Any
) -> None:
    settings.FILE_UPLOAD_MAX_BYTES = 1024
    pieces = [
        SimpleUploadedFile(f"p{i}.pdf", PDF + b"0" * 400, content_type="application/pdf")
        for i in range(3)
    ]
    before = Difficulty.objects.count()
    response = client.post(FORM, {**form_data(), "pieces": pieces})
    assert response.status_code == 400
    assert "au total" in response.context["form"].errors["pieces"][0]
    assert Difficulty.objects.count() == before
    assert "au total" in text(client.get(FORM))


# --- A report recorded by staff, in the person's language -----------------------------------


def test_a_report_recorded_by_staff_keeps_the_persons_language(
    cast: dict[str, Any], client: Client, focal_paris: User
) -> None:
    client.force_login(focal_paris)
    fields = {**report_fields(), "consent": "on", "language": "en"}
    response = client.post(reverse("difficulties:create"), fields)
    assert response.status_code == 302, response.content
    assert Difficulty.objects.get(email=fields["email"]).language == "en"
    api = APIClient()
    api.force_login(focal_paris)
    answer = api.post("/api/v1/difficulties/", {**report_fields(), "language": "en"}, format="json")
    assert answer.status_code == 201, answer.content
    assert Difficulty.objects.get(pk=answer.json()["id"]).language == "en"
    default = api.post("/api/v1/difficulties/", report_fields(), format="json")
    assert Difficulty.objects.get(pk=default.json()["id"]).language == "fr"
