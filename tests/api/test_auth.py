"""Getting in: a token for scripts, the browser session for people already logged in."""

from __future__ import annotations

from typing import Any

from django.test import Client
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient


def test_a_user_exchanges_username_and_password_for_a_token_that_opens_the_api(
    officer: Any,
) -> None:
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": "officer", "password": "demo"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert AuthToken.objects.get(user=officer).digest == hash_token(token)

    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/associations/").status_code == 200


def test_asking_twice_gives_two_tokens_each_of_which_opens_the_api(officer: Any) -> None:
    body = {"username": "officer", "password": "demo"}
    first = APIClient().post("/api/v1/auth/token/", body, format="json").json()["token"]
    second = APIClient().post("/api/v1/auth/token/", body, format="json").json()["token"]
    assert first != second
    for token in (first, second):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert client.get("/api/v1/associations/").status_code == 200


def test_a_wrong_password_is_refused_with_a_french_message_and_no_token(officer: Any) -> None:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "officer", "password": "wrong"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Impossible de se connecter avec les informations d'identification fournies."
    )
    assert "token" not in response.json()
    assert not AuthToken.objects.filter(user=officer).exists()


def test_a_wrong_password_is_explained_in_english_when_asked(officer: Any) -> None:
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "officer", "password": "wrong"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_missing_password_is_named_as_a_field_error(officer: Any) -> None:
    response = APIClient().post("/api/v1/auth/token/", {"username": "officer"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["password"] == ["Ce champ est obligatoire."]
    assert response.json()["detail"]


def test_an_inactive_user_gets_no_token(officer: Any) -> None:
    officer.is_active = False
    officer.save()
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "officer", "password": "demo"}, format="json"
    )
    assert response.status_code == 400


def test_a_logged_in_browser_can_ask_for_a_token_without_a_csrf_token(officer: Any) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    response = browser.post(
        "/api/v1/auth/token/",
        {"username": "officer", "password": "demo"},
        content_type="application/json",
    )
    assert response.status_code == 200


def test_an_anonymous_request_is_401_and_says_how_to_authenticate(cast: Any) -> None:
    response = APIClient().get("/api/v1/associations/")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    assert response.json()["detail"] == "Informations d'authentification non fournies."


def test_an_unknown_token_is_401(cast: Any) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    response = client.get("/api/v1/associations/")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_the_browser_session_opens_the_api(client_for: Any, officer: Any) -> None:
    response = client_for(officer).get("/api/v1/associations/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "results" in response.json()


def test_a_session_write_without_csrf_token_is_refused(
    officer: Any, pending_paris_association: Any
) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    response = browser.patch(
        f"/api/v1/associations/{pending_paris_association.pk}/",
        {"city": "Grenoble"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["detail"]
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.city == "Lyon"
