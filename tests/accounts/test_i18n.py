"""English, the second language: pages and API errors follow the user's choice."""

from __future__ import annotations

import html
import re
from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from registry.models import Association

CATALOGUE = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_the_login_page_is_in_english_when_the_language_cookie_says_so(
    client: Client, db: None
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _text(client.get(reverse("login")))
    assert '<html lang="en">' in page
    assert "Log in" in page
    assert "Username" in page
    assert "Password" in page
    assert "Mot de passe" not in page


def test_choosing_english_in_the_language_switch_turns_the_pages_to_english(
    client: Client, db: None
) -> None:
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("login")}, follow=True
    )
    page = _text(response)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert '<html lang="en">' in page
    assert "Togolese Republic — Ministry of Foreign Affairs" in page
    assert "Connexion" not in page


def test_the_login_page_stays_in_french_without_a_choice(client: Client, db: None) -> None:
    page = _text(client.get(reverse("login")))
    assert '<html lang="fr">' in page
    assert "Se connecter" in page
    assert "Log in" not in page


def test_the_association_list_shows_english_column_headings(
    client_for: Any, officer: Any, paris_association: Association
) -> None:
    client = client_for(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _text(client.get(reverse("registry:association_list")))
    assert "Diaspora associations" in page
    for heading in ("Country and city", "Embassy", "Home region", "Sectors", "Status"):
        assert f'<th scope="col">{heading}</th>' in page
    assert "Verified" in page
    assert "Pays et ville" not in page


def test_an_anonymous_api_request_is_refused_in_english_when_asked_in_english(
    db: None,
) -> None:
    response = APIClient().get("/api/v1/associations/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "Authentication credentials were not provided."


def test_an_anonymous_api_request_is_refused_in_french_by_default(db: None) -> None:
    response = APIClient().get("/api/v1/associations/")
    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "Informations d'authentification non fournies."


def test_a_missing_association_is_not_found_in_english_when_asked_in_english(
    api_for: Any, officer: Any
) -> None:
    response = api_for(officer).get("/api/v1/associations/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."


def test_a_missing_association_is_not_found_in_french_by_default(
    api_for: Any, officer: Any
) -> None:
    response = api_for(officer).get("/api/v1/associations/999999/")
    assert response.status_code == 404
    assert response.json()["detail"] == "Introuvable."


def test_a_refused_verification_is_explained_in_english(
    api_for: Any, officer: Any, pending_paris_association: Association
) -> None:
    response = api_for(officer).post(
        f"/api/v1/associations/{pending_paris_association.pk}/transitions/verify/",
        {},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Only an embassy focal point can verify an association."
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == "pending"


def test_every_message_of_the_english_catalogue_is_translated() -> None:
    # Untranslated and fuzzy entries are left out of django.mo: the page shows French.
    entries = CATALOGUE.read_text(encoding="utf-8").split("\n\n")[1:]
    untranslated = [
        entry
        for entry in entries
        if "#, fuzzy" in entry or re.search(r'^msgstr(\[\d+\])? ""\n(?!")', entry + "\n", re.M)
    ]
    assert entries
    assert untranslated == []
