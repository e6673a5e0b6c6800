"""The public pages read out loud: every field is named, each error is tied to its
field, the refusals are announced, and each page opens with its one heading."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from difficulties.choices import DifficultyStatus
from difficulties.models import OnlineService
from tests.a11y import Page
from tests.difficulties.builders import make_difficulty

pytestmark = pytest.mark.django_db

S = DifficultyStatus


def _unnamed(page: Page) -> list[str]:
    return [c.attrs.get("name", "") for c in page.controls() if not page.name_of(c)]


def _one_heading(page: Page) -> None:
    assert len(page.find("h1")) == 1 and page.find("h1")[0].text()


@pytest.mark.parametrize(
    "route", ["difficulties:report", "difficulties:tracking_lookup", "difficulties:online_services"]
)
def test_every_field_of_the_public_pages_is_named(cast: Any, client: Client, route: str):
    page = Page(client.get(reverse(route)))
    assert _unnamed(page) == []
    _one_heading(page)


def test_the_officers_form_names_every_field(cast: Any, client_for: Any, officer: Any):
    for url in (
        reverse("difficulties:online_service_create"),
        reverse("difficulties:online_service_edit", args=[OnlineService.objects.earliest("pk").pk]),
    ):
        page = Page(client_for(officer).get(url))
        assert _unnamed(page) == []
        _one_heading(page)


def test_a_refused_report_ties_each_error_to_its_field(cast: Any, client: Client):
    response = client.post(reverse("difficulties:report"), {"description": "Court."})
    assert response.status_code == 400
    page = Page(response)
    for name in ("id_category", "id_country", "id_description"):
        control = page.by_id[name]
        assert control.attrs.get("aria-invalid") == "true", name
        assert page.description_of(control), name
    assert "Ce champ est obligatoire." in page.description_of(page.by_id["id_category"])
    assert page.by_id["problems"].attrs.get("role") == "alert"
    assert _unnamed(page) == []
    # The help says the limits before anything is typed.
    assert "4 000 caractères au plus" in page.description_of(page.by_id["id_description"])


def test_a_refused_contact_is_tied_to_the_email_field(cast: Any, client: Client):
    response = client.post(
        reverse("difficulties:report"),
        {
            "category": "visa",
            "country": "FR",
            "description": "Mon visa de retour est refusé sans explication.",
            "consent": "on",
        },
    )
    page = Page(response)
    email = page.by_id["id_email"]
    assert email.attrs.get("aria-invalid") == "true"
    assert "adresse e-mail ou un numéro" in page.description_of(email)


def test_the_tracking_page_names_its_feedback_fields(cast: Any, client: Client):
    difficulty = make_difficulty(S.ANSWERED)
    url = reverse("difficulties:tracking", args=[difficulty.tracking_code])
    page = Page(client.get(url))
    assert _unnamed(page) == []
    _one_heading(page)
    refused = Page(client.post(url, {"note": ""}))
    radios = next(f for f in refused.find("fieldset") if "a-t-elle résolu" in f.text())
    assert "Ce champ est obligatoire." in refused.description_of(radios)


def test_an_unknown_code_is_tied_to_the_code_field(cast: Any, client: Client):
    page = Page(client.get(reverse("difficulties:tracking_lookup"), {"code": "AAAAA-AAAAA"}))
    code = page.by_id["id_code"]
    assert code.attrs.get("aria-invalid") == "true"
    assert "Aucun signalement ne porte ce code" in page.description_of(code)
    assert page.by_id["problems"].attrs.get("role") == "alert"
