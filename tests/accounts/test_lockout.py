"""Guessing passwords: after repeated failures for one username, or from one address,
logins are refused for a while, the right password too, on the login page and on the
token exchange; the answer says when to try again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token/"


# These tests count failed logins, not requests: the API's rates stay out of it.
pytestmark = pytest.mark.usefixtures("rates_lifted")


def _web_login(password: str, username: str = "officer", address: str = "127.0.0.1") -> Any:
    return Client(REMOTE_ADDR=address).post(LOGIN, {"username": username, "password": password})


def _api_login(password: str, username: str = "officer", address: str = "127.0.0.1") -> Any:
    return APIClient(REMOTE_ADDR=address).post(
        TOKEN, {"username": username, "password": password}, format="json"
    )


def _signed_in(response: Any) -> bool:
    return response.status_code == 302 and response.url == "/"


def test_a_hundred_wrong_passwords_on_the_login_page_then_the_right_one_is_refused(
    officer: Any,
) -> None:
    answers = [_web_login("wrong").status_code for _ in range(100)]
    assert answers[:4] == [200] * 4  # the form again, with its error
    assert set(answers[5:]) == {429}

    response = _web_login("demo")
    assert not _signed_in(response)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Trop de tentatives de connexion infructueuses" in text
    assert "Réessayez après" in text and "dans 15 minutes" in text
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60


def test_a_hundred_wrong_passwords_on_the_token_exchange_then_the_right_one_is_refused(
    officer: Any,
) -> None:
    answers = [_api_login("wrong").status_code for _ in range(100)]
    assert answers[:4] == [400] * 4
    assert set(answers[5:]) == {429}

    response = _api_login("demo")
    assert response.status_code == 429
    assert "token" not in response.json()
    assert "Réessayez après" in response.json()["detail"]
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    assert not AuthToken.objects.filter(user=officer).exists()


def test_the_lockout_ends_after_its_cool_off(officer: Any) -> None:
    for _ in range(5):
        _web_login("wrong")
    assert _web_login("demo").status_code == 429

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))

    assert _signed_in(_web_login("demo"))
    assert _api_login("demo").status_code == 200


def test_attempts_while_locked_out_do_not_push_the_end_back(officer: Any) -> None:
    for _ in range(5):
        _web_login("wrong")
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=10))
    for _ in range(20):
        assert _web_login("wrong").status_code == 429
    response = _web_login("demo")
    assert "dans 5 minutes" in response.content.decode()

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=6))
    assert _signed_in(_web_login("demo"))


def test_one_account_guessed_from_many_addresses_is_locked_everywhere(officer: Any) -> None:
    for i in range(5):
        _api_login("wrong", address=f"10.0.0.{i + 1}")
    assert _web_login("demo", address="10.0.1.1").status_code == 429
    # Other accounts are not touched.
    assert _signed_in(_web_login("demo", username="finance", address="10.0.1.1"))


def test_one_address_spraying_many_usernames_is_locked_out(cast: Any, settings: Any) -> None:
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    sprayed = [f"inconnu{i}" for i in range(7)] + ["officer"]
    answers = [_web_login("Password1", username=u, address="10.9.9.9") for u in sprayed]
    # The eighth failure from the address locks it out.
    assert [answer.status_code for answer in answers] == [200] * 7 + [429]
    # The right password of another account, from the same address: refused.
    assert _web_login("demo", username="caseworker1", address="10.9.9.9").status_code == 429
    assert _api_login("demo", username="caseworker1", address="10.9.9.9").status_code == 429
    # The same account from elsewhere: signed in (each sprayed account failed only once).
    assert _signed_in(_web_login("demo", username="caseworker1", address="10.8.8.8"))


def test_one_persons_mistakes_do_not_lock_out_colleagues_at_the_same_address(
    cast: Any, officer: Any
) -> None:
    """An embassy's office shares one address: five wrong passwords lock that account,
    not the colleague at the next desk."""
    office = "10.7.7.7"
    for _ in range(5):
        _web_login("wrong", username="officer", address=office)
    assert _web_login("demo", username="officer", address=office).status_code == 429
    assert _signed_in(_web_login("demo", username="finance", address=office))


def test_a_successful_login_forgets_the_earlier_failures(officer: Any) -> None:
    for _ in range(4):
        _web_login("wrong")
    assert _signed_in(_web_login("demo"))
    for _ in range(4):
        assert _web_login("wrong").status_code == 200
    assert _signed_in(_web_login("demo"))


def test_the_lockout_page_is_in_english_when_asked(officer: Any) -> None:
    for _ in range(5):
        _web_login("wrong")
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        LOGIN, {"username": "officer", "password": "demo"}
    )
    assert response.status_code == 429
    assert "Too many failed login attempts" in response.content.decode()


def test_logging_in_to_ones_own_account_does_not_forget_guesses_at_another(
    cast: Any, officer: Any
) -> None:
    """Four guesses at the officer, then a login to one's own account from the same
    address, again and again: the fifth guess still locks the officer out."""
    attacker = "10.6.6.6"
    for _ in range(4):
        _web_login("wrong", address=attacker)
    assert _signed_in(_web_login("demo", username="finance", address=attacker))
    assert _api_login("wrong", address=attacker).status_code == 429
    assert _web_login("demo", address=attacker).status_code == 429
