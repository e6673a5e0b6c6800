"""The API answers too many requests with 429, a readable message and Retry-After: per
address for the anonymous, per account for the signed-in, stricter on the token exchange."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient


def test_the_token_exchange_has_its_own_stricter_rate(officer: Any, settings: Any) -> None:
    settings.API_THROTTLE_RATES = {"anon": "100/minute", "user": None, "auth_token": "3/minute"}
    client = APIClient()
    body = {"username": "officer", "password": "demo"}
    answers = [client.post("/api/v1/auth/token/", body, format="json") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]

    refused = answers[-1]
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith("Trop de requêtes : réessayez dans ")
    # Another address is counted apart.
    other = APIClient(REMOTE_ADDR="10.1.2.3").post("/api/v1/auth/token/", body, format="json")
    assert other.status_code == 200


def test_a_signed_in_caller_is_counted_per_account(
    token_client: Any, officer: Any, finance: Any, settings: Any
) -> None:
    settings.API_THROTTLE_RATES = {"anon": None, "user": "2/minute", "auth_token": None}
    client = token_client(officer)
    answers = [client.get("/api/v1/calls/").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    assert token_client(finance).get("/api/v1/calls/").status_code == 200


def test_an_anonymous_caller_is_counted_per_address(officer: Any, settings: Any) -> None:
    settings.API_THROTTLE_RATES = {"anon": "2/minute", "user": None, "auth_token": None}
    body = {"username": "officer", "password": "demo"}
    answers = [
        APIClient().post("/api/v1/auth/token/", body, format="json").status_code for _ in range(3)
    ]
    assert answers == [200, 200, 429]
    response = APIClient(HTTP_ACCEPT_LANGUAGE="en").post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Too many requests")
    assert (
        APIClient(REMOTE_ADDR="10.1.2.3")
        .post("/api/v1/auth/token/", body, format="json")
        .status_code
        == 200
    )


def test_the_rates_have_sane_defaults() -> None:
    from django.conf import settings

    assert settings.API_THROTTLE_RATES == {
        "anon": "120/minute",
        "user": "1200/minute",
        "auth_token": "20/minute",
    }
