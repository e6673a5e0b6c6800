"""Cases for the API tests, built through the services like the service tests build them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from cases.models import Case
from tests.cases.builders import case_in, days, new_case

# The three cases of the access matrix, by whose they are.
OWNERS = ("caseworker1", "caseworker2", "unassigned")


@pytest.fixture
def caseworker2(cast: dict[str, Any]) -> User:
    return cast["users"]["caseworker2"]


@pytest.fixture
def case_of(cast: dict[str, Any]) -> Any:
    """`case_of("caseworker2", "in_support")`: a new case of that caseworker (or
    `unassigned`, registered by the supervisor) brought to that status."""
    users = cast["users"]

    def make(owner: str, status: str = "registered", **overrides: Any) -> Case:
        supervisor = users["supervisor"]
        if owner == "unassigned":
            assert status == "registered", "an unassigned case stays registered"
            return new_case(supervisor, **overrides)
        return case_in(status, caseworker=users[owner], supervisor=supervisor, **overrides)

    return make


@pytest.fixture
def intake_body(cast: dict[str, Any]) -> dict[str, Any]:
    """A valid intake as a client sends it, consent given."""
    return {
        "first_name": "Afi",
        "last_name": "Amouzou",
        "sex": "F",
        "birth_year": 1996,
        "phone": "+228 92 00 11 22",
        "return_date": str(days(-20)),
        "returned_from": "LY",
        "return_type": "assisted",
        "region": "maritime",
        "prefecture": "zio",
        "consent_given": True,
        "vulnerabilities": ["gbv_survivor"],
        "health_notes": "Suivi psychologique souhaité.",
        "immediate_needs": "Hébergement d'urgence.",
    }
