"""The public form: no account, the fields people fill, the code they get, the online
service it suggests, and the refusals shown on their fields."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from difficulties.choices import DifficultyStatus
from difficulties.models import Difficulty, OnlineService
from tests.difficulties.builders import report_fields

pytestmark = pytest.mark.django_db

S = DifficultyStatus
FORM = reverse("difficulties:report")


def sent(client: Client, **fields: Any) -> Any:
    data = {k: v for k, v in report_fields(**fields).items() if v is not None}
    if data.get("consent") is True:
        data["consent"] = "on"
    elif "consent" in data:
        del data["consent"]
    return client.post(FORM, data)


def test_the_form_needs_no_account_and_offers_the_online_services(cast: Any, client: Client):
    response = client.get(FORM)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Signaler une difficulté" in html
    assert 'data-categories="passport laissez_passer"' in html
    assert "Passeport biométrique" in html
    assert 'src="/static/js/difficulty-form.js"' in html
    assert "<script>" not in html  # no inline script: the Content-Security-Policy
    assert 'data-country="FR"' in html  # the embassy each country names
    assert "Je ne sais pas" in html


def test_the_form_reads_in_english(cast: Any, client: Client):
    html = client.get(FORM, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Report a difficulty" in html
    assert "Describe your difficulty" in html
    assert "I don&#x27;t know" in html


def test_a_report_gives_its_code_and_mails_the_confirmation_link(
    cast: Any, client: Client, django_capture_on_commit_callbacks: Any
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sent(client, email="ama@example.org")
    difficulty = Difficulty.objects.get(email="ama@example.org")
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("difficulties:reported", args=[difficulty.tracking_code]) + "?category=passport"
    )
    assert difficulty.status == S.UNCONFIRMED
    assert difficulty.recorded_by is None
    assert [m.to for m in mail.outbox] == [["ama@example.org"]]
    page = client.get(response["Location"])
    html = page.content.decode()
    assert difficulty.tracking_code in html
    assert "Consultez votre boîte aux lettres" in html
    assert reverse("difficulties:tracking", args=[difficulty.tracking_code]) in html
    assert "Passeport biométrique" in html  # the online service of a passport
    assert 'rel="noopener"' in html
    assert page["Referrer-Policy"] == "same-origin"
    assert '<meta name="robots" content="noindex">' in html


def test_a_phone_only_report_waits_for_the_embassys_call(cast: Any, client: Client):
    response = sent(client, email="", phone="+33 6 12 34 56 78", category="civil_status")
    html = client.get(response["Location"]).content.decode()
    assert "l'ambassade, qui vous appellera" in html
    assert mail.outbox == []


def test_the_same_report_twice_is_kept_once_and_its_code_not_shown(cast: Any, client: Client):
    fields = report_fields(email="kofi@example.org")
    data = {**fields, "consent": "on"}
    first = client.post(FORM, data)
    again = client.post(FORM, {**data, "description": "  " + fields["description"].upper()})
    assert first.status_code == 302 and again.status_code == 200
    code = Difficulty.objects.get(email="kofi@example.org").tracking_code
    assert code not in again.content.decode()
    assert Difficulty.objects.filter(email="kofi@example.org").count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"email": "", "phone": ""}, "email", "Donnez une adresse e-mail ou un numéro"),
        ({"consent": False}, "consent", "Acceptez d'être contacté(e)"),
        ({"description": "Trop court."}, "description", "au moins 20 caractères"),
        ({"category": "spaceship"}, "category", "Sélectionnez un choix valide"),
        ({"country": "XX"}, "country", "Sélectionnez un choix valide"),
        ({"administration": "nowhere"}, "administration", "Sélectionnez un choix valide"),
        ({"phone": "call me", "email": ""}, "phone", "Donnez un numéro de téléphone"),
    ],
)
def test_a_refused_report_says_why_on_its_field(
    cast: Any, client: Client, fields: dict[str, Any], field: str, message: str
):
    before = Difficulty.objects.count()
    response = sent(client, **fields)
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert Difficulty.objects.count() == before
    assert "Rien n'a été envoyé" in response.content.decode()


def test_a_known_administration_is_kept(cast: Any, client: Client):
    sent(client, email="afi@example.org", administration="dgdn")
    assert Difficulty.objects.get(email="afi@example.org").administration.code == "dgdn"


def test_a_hidden_online_service_is_not_suggested(cast: Any, client: Client):
    OnlineService.objects.filter(title="Passeport biométrique").update(active=False)
    assert "Passeport biométrique" not in client.get(FORM).content.decode()
    response = sent(client, email="yao@example.org")
    assert "Passeport biométrique" not in client.get(response["Location"]).content.decode()
