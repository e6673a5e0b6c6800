"""Fixtures for the API tests: personas by name, token clients, the demo cast's objects."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from knox.models import AuthToken
from rest_framework.test import APIClient

from registry.models import Association, Expert

# The demo cast's associations by a readable key.
ASSOCIATIONS = {
    "paris": "ARKF",  # verified, Paris jurisdiction, assoc_paris is a member
    "brussels": "DSSB",  # verified, Brussels jurisdiction, assoc_brussels is a member
    "pending_paris": "AOKL",  # pending, Paris jurisdiction
    "pending_brussels": "CFZA",  # pending, Brussels jurisdiction
}

PERSONA_FIXTURES = {"admin": "admin_user"}


@pytest.fixture
def persona(request: pytest.FixtureRequest, cast: dict[str, Any]) -> Any:
    """`persona("focal_paris")`: the demo user of that name, or None for `anonymous`."""

    def get(name: str) -> AbstractUser | None:
        if name == "anonymous":
            return None
        return request.getfixturevalue(PERSONA_FIXTURES.get(name, name))

    return get


@pytest.fixture
def api_as(persona: Any, api_for: Any) -> Any:
    """`api_as("officer")`: an API client for the named persona (anonymous allowed)."""

    def make(name: str) -> APIClient:
        return api_for(persona(name))

    return make


@pytest.fixture
def token_client() -> Any:
    """`token_client(user)`: a client sending `Authorization: Token …`, as scripts do."""

    def make(user: Any) -> APIClient:
        _, key = AuthToken.objects.create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


@pytest.fixture
def association(cast: dict[str, Any]) -> Any:
    """`association("pending_paris")`: one of the demo cast's associations."""

    def get(key: str) -> Association:
        return Association.objects.get(acronym=ASSOCIATIONS[key])

    return get


@pytest.fixture
def brussels_experts(cast: dict[str, Any]) -> list[Any]:
    """Two experts of the Brussels jurisdiction, one listed in the directory and one not."""
    from tests.factories import ExpertFactory

    return [
        ExpertFactory(
            first_name=first_name,
            last_name=last_name,
            country="BE",
            city="Gand",
            embassy=cast["embassies"]["bruxelles"],
            consent_listed=consent,
        )
        for first_name, last_name, consent in [
            ("Mawusi", "Dossou", True),
            ("Dela", "Agbodjan", False),
        ]
    ]


@pytest.fixture
def expert(cast: dict[str, Any], brussels_experts: list[Expert]) -> Any:
    """`expert("listed_paris")`: listed or not, inside or outside the Paris jurisdiction."""
    keys = {
        "listed_paris": ("Kossi", "Amedome"),  # FR, consented
        "unlisted_paris": ("Abalo", "Pitassa"),  # FR, did not consent
        "listed_brussels": ("Mawusi", "Dossou"),  # BE, consented
        "unlisted_brussels": ("Dela", "Agbodjan"),  # BE, did not consent
    }

    def get(key: str) -> Expert:
        first_name, last_name = keys[key]
        return Expert.objects.get(first_name=first_name, last_name=last_name)

    return get
