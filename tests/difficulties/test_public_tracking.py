"""The reporter's pages, opened with the code or the mailed link: the confirmation,
the lookup, the tracking page (nothing personal on it) and the word on an answer."""

from __future__ import annotations

import html as markup
import time
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from difficulties import services
from difficulties.choices import DifficultyStatus
from difficulties.codes import confirmation_token
from difficulties.models import Difficulty
from tests.difficulties.builders import SOURCE, make_difficulty, reported

pytestmark = pytest.mark.django_db

S = DifficultyStatus
LOOKUP = reverse("difficulties:tracking_lookup")


def tracking(difficulty: Difficulty) -> str:
    return reverse("difficulties:tracking", args=[difficulty.tracking_code])


def confirm_url(token: str) -> str:
    return reverse("difficulties:confirm", args=[token])


# --- The confirmation link -----------------------------------------------------------


def test_opening_the_link_confirms_nothing_and_the_button_does(cast: Any, client: Client):
    difficulty = reported()
    url = confirm_url(confirmation_token(difficulty.tracking_code))
    page = client.get(url)
    assert page.status_code == 200
    assert difficulty.tracking_code in page.content.decode()
    assert "Passeport" in page.content.decode()
    assert page["Referrer-Policy"] == "no-referrer"
    difficulty.refresh_from_db()
    assert difficulty.status == S.UNCONFIRMED
    done = client.post(url)
    assert done.status_code == 200
    assert "votre signalement est confirmé" in done.content.decode()
    assert tracking(difficulty) in done.content.decode()
    difficulty.refresh_from_db()
    assert difficulty.status == S.REPORTED and difficulty.reported_at is not None
    again = client.post(url)
    assert again.status_code == 200
    assert "déjà confirmé" in again.content.decode()


def test_an_altered_link_is_refused_in_words(cast: Any, client: Client):
    difficulty = reported()
    token = confirmation_token(difficulty.tracking_code)
    response = client.get(confirm_url(token[:-2] + "xx"))
    assert response.status_code == 400
    assert "n'est pas valide" in markup.unescape(response.content.decode())


def test_an_expired_link_asks_to_send_the_report_again(cast: Any, client: Client):
    difficulty = reported()
    eight_days_ago = time.time() - 8 * 24 * 3600
    with mock.patch("time.time", return_value=eight_days_ago):
        token = confirmation_token(difficulty.tracking_code)
    response = client.post(confirm_url(token))
    assert response.status_code == 400
    assert "a expiré" in response.content.decode()
    assert "depuis le formulaire" in response.content.decode()
    difficulty.refresh_from_db()
    assert difficulty.status == S.UNCONFIRMED


# --- The lookup ------------------------------------------------------------------------


def test_the_lookup_reads_the_code_as_people_type_it(cast: Any, client: Client):
    difficulty = make_difficulty(S.REPORTED)
    typed = difficulty.tracking_code.replace("-", " ").lower()
    response = client.get(LOOKUP, {"code": f"  {typed} "})
    assert response.status_code == 302
    assert response["Location"] == tracking(difficulty)


def test_an_unknown_code_says_so_and_nothing_else(cast: Any, client: Client):
    response = client.get(LOOKUP, {"code": "AAAAA-AAAAA"})
    assert response.status_code == 404
    assert "Aucun signalement ne porte ce code" in response.content.decode()
    assert client.get(LOOKUP).status_code == 200
    assert client.get(LOOKUP, {"code": "not a code"}).status_code == 404
    assert client.get(reverse("difficulties:tracking", args=["AAAAA-AAAAA"])).status_code == 404


# --- The tracking page -----------------------------------------------------------------


def test_the_tracking_page_shows_the_status_and_nothing_personal(cast: Any, client: Client):
    difficulty = make_difficulty(
        S.ANSWERED,
        email="mawuli.personal@example.org",
        phone="+33 6 98 76 54 32",
        description="Mon acte de naissance détenu à Kpalimé reste introuvable depuis 2019.",
    )
    response = client.get(tracking(difficulty))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Réponse apportée" in html
    assert "Votre passeport est prêt au consulat." in html
    assert "Passeport" in html
    for personal in ("mawuli.personal", "98 76 54 32", "Kpalimé", "France"):
        assert personal not in html
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex">' in html
    assert "Cette réponse a-t-elle résolu votre difficulté ?" in html


def test_a_lowercase_code_leads_to_the_page_of_the_code(cast: Any, client: Client):
    difficulty = make_difficulty(S.REPORTED)
    response = client.get(reverse("difficulties:tracking", args=[difficulty.tracking_code.lower()]))
    assert response.status_code == 302 and response["Location"] == tracking(difficulty)


def test_an_unconfirmed_report_says_the_link_was_mailed(cast: Any, client: Client):
    html = client.get(tracking(reported())).content.decode()
    assert "le lien vous a été envoyé par e-mail" in html
    assert "Cette réponse a-t-elle résolu" not in html


def test_a_duplicate_shows_the_main_reports_answers(cast: Any, client: Client, focal_paris: Any):
    duplicate = make_difficulty(S.DUPLICATE)
    main = duplicate.main
    main = services.difficulty_qualify(
        difficulty=main, administration="dgdn", by=focal_paris, source=SOURCE
    )
    services.difficulty_answer(
        difficulty=main, answer="Le dossier est retrouvé.", by=focal_paris, source=SOURCE
    )
    html = client.get(tracking(duplicate)).content.decode()
    assert "fusionné avec le signalement" in html
    assert main.tracking_code in html
    assert "Le dossier est retrouvé." in html
    assert "Réponse apportée" in html
    assert "Cette réponse a-t-elle résolu" not in html  # the main report's reporter says it


def test_a_rejected_report_gives_its_reason(cast: Any, client: Client):
    html = client.get(tracking(make_difficulty(S.REJECTED))).content.decode()
    assert "Hors du champ du dispositif." in html


def test_the_feedback_is_taken_once(cast: Any, client: Client):
    difficulty = make_difficulty(S.ANSWERED)
    response = client.post(tracking(difficulty), {"resolved": "no", "note": "Toujours rien."})
    assert response.status_code == 302
    difficulty.refresh_from_db()
    assert difficulty.status == S.UNRESOLVED
    assert difficulty.feedback_note == "Toujours rien."
    assert difficulty.feedback_resolved is False
    page = client.get(tracking(difficulty)).content.decode()
    assert "Merci : votre avis est enregistré." in page
    assert "n'a pas résolu votre difficulté" in page
    again = client.post(tracking(difficulty), {"resolved": "yes"})
    assert again.status_code == 409
    assert "déjà été reçu" in again.content.decode()
    difficulty.refresh_from_db()
    assert difficulty.status == S.UNRESOLVED


def test_feedback_before_an_answer_is_refused_in_words(cast: Any, client: Client):
    difficulty = make_difficulty(S.REFERRED)
    response = client.post(tracking(difficulty), {"resolved": "yes"})
    assert response.status_code == 409
    assert "une fois la réponse apportée" in response.content.decode()


def test_a_feedback_without_its_answer_or_too_long_is_refused_on_its_field(
    cast: Any, client: Client
):
    difficulty = make_difficulty(S.ANSWERED)
    response = client.post(tracking(difficulty), {"note": "x"})
    assert response.status_code == 400
    assert response.context["form"].errors["resolved"]
    response = client.post(tracking(difficulty), {"resolved": "yes", "note": "x" * 1001})
    assert response.status_code == 400
    assert response.context["form"].errors["note"]
    difficulty.refresh_from_db()
    assert difficulty.status == S.ANSWERED


def test_the_tracking_page_reads_in_english(cast: Any, client: Client):
    difficulty = make_difficulty(S.ANSWERED)
    html = client.get(tracking(difficulty), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Did this answer solve your difficulty?" in html
    assert "Answers" in html
