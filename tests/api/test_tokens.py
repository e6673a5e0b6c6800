"""API tokens expire, can be revoked, are stored only as a hash, and die with a password
change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient

TOKEN = "/api/v1/auth/token/"


def _issue(username: str = "officer", password: str = "demo") -> dict[str, Any]:
    response = APIClient().post(TOKEN, {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _opens(key: str) -> bool:
    return _client(key).get("/api/v1/associations/").status_code == 200


def test_a_token_comes_with_when_it_expires_ten_hours_on(officer: Any) -> None:
    body = _issue()
    assert set(body) == {"token", "expires"}
    expires = parse_datetime(body["expires"])
    assert expires is not None
    assert abs(expires - (timezone.now() + timedelta(hours=10))) < timedelta(minutes=1)


def test_the_token_lifetime_follows_the_settings(officer: Any, settings: Any) -> None:
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(hours=1)}
    expires = parse_datetime(_issue()["expires"])
    assert expires is not None
    assert abs(expires - (timezone.now() + timedelta(hours=1))) < timedelta(minutes=1)


def test_an_expired_token_no_longer_opens_the_api(officer: Any) -> None:
    key = _issue()["token"]
    assert _opens(key)
    AuthToken.objects.filter(user=officer).update(expiry=timezone.now() - timedelta(seconds=1))

    response = _client(key).get("/api/v1/associations/")
    assert response.status_code == 401
    assert response.json()["detail"]
    assert not AuthToken.objects.filter(user=officer).exists()


def test_delete_revokes_the_token_it_is_called_with_and_only_that_one(officer: Any) -> None:
    revoked, kept = _issue()["token"], _issue()["token"]

    response = _client(revoked).delete(TOKEN)
    assert response.status_code == 204

    assert not _opens(revoked)
    assert _client(revoked).delete(TOKEN).status_code == 401
    assert _opens(kept)


def test_delete_without_a_token_is_401(officer: Any, client_for: Any) -> None:
    assert APIClient().delete(TOKEN).status_code == 401
    # A browser session has no token to revoke.
    assert client_for(officer).delete(TOKEN).status_code == 401


def test_a_password_change_on_the_page_revokes_every_token_of_the_user(
    officer: Any, finance: Any
) -> None:
    first, second = _issue()["token"], _issue()["token"]
    other = _issue("finance")["token"]
    browser = Client()
    browser.force_login(officer)
    response = browser.post(
        "/accounts/password/",
        {
            "old_password": "demo",
            "new_password1": "Baobab-de-Kpalime-2026",
            "new_password2": "Baobab-de-Kpalime-2026",
        },
    )
    assert response.status_code == 302

    assert not _opens(first)
    assert not _opens(second)
    assert _opens(other)
    # The new password gives a new token.
    assert _opens(_issue(password="Baobab-de-Kpalime-2026")["token"])


def test_a_password_set_elsewhere_revokes_the_tokens_too(officer: Any) -> None:
    key = _issue()["token"]
    user = User.objects.get(pk=officer.pk)
    user.set_password("Baobab-de-Kpalime-2026")
    user.save()
    assert not _opens(key)


def test_saving_a_user_without_changing_the_password_keeps_the_tokens(officer: Any) -> None:
    key = _issue()["token"]
    user = User.objects.get(pk=officer.pk)
    user.first_name = "Kodjo"
    user.save()
    assert _opens(key)


def test_the_key_is_not_stored_only_its_hash(officer: Any) -> None:
    key = _issue()["token"]
    [stored] = AuthToken.objects.filter(user=officer).values()
    assert key not in {str(value) for value in stored.values()}
    assert stored["digest"] == hash_token(key)
    assert len(stored["token_key"]) < len(key)


def test_the_schema_documents_both_operations(cast: Any) -> None:
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    operations = schema["paths"]["/api/v1/auth/token/"]
    assert operations["post"]["operationId"] == "auth_token_create"
    answer = operations["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    token = schema["components"]["schemas"][answer["$ref"].rsplit("/", 1)[-1]]
    assert set(token["properties"]) == {"token", "expires"}
    assert operations["delete"]["operationId"] == "auth_token_revoke"
    assert set(operations["delete"]["responses"]) == {"204", "401", "429"}
