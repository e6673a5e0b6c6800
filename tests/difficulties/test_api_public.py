"""The anonymous endpoints: what they show (nothing personal), how often they answer
(the rates per address and per e-mail address), and how they refuse bad input (400,
in words, on the field)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.difficulties.builders import make_difficulty, report_fields

pytestmark = pytest.mark.django_db

PUBLIC = "/api/v1/public/difficulties/"
SHOWN = {
    "tracking_code",
    "status",
    "status_label",
    "category",
    "category_label",
    "reported_at",
    "answers",
    "merged_into",
}


def send(client: APIClient | None = None, **changes: Any) -> Any:
    return (client or APIClient()).post(PUBLIC, report_fields(**changes), format="json")


def field_errors(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"]
    errors: dict[str, list[str]] = body["errors"]
    assert all(message.strip() for messages in errors.values() for message in messages)
    return errors


# --- Nothing personal ------------------------------------------------------------------


def test_the_tracking_answer_holds_the_status_and_answers_and_nothing_personal() -> None:
    difficulty = make_difficulty("answered", phone="+33 6 98 76 54 32")
    response = APIClient().get(f"{PUBLIC}{difficulty.tracking_code}/")
    assert response.status_code == 200, response.content
    shown = response.json()
    assert set(shown) == SHOWN
    assert shown["tracking_code"] == difficulty.tracking_code
    assert shown["status"] == "answered"
    assert shown["status_label"] == "Réponse apportée"
    assert shown["category"] == "passport"
    assert shown["category_label"] == "Passeport"
    assert shown["reported_at"]
    assert shown["merged_into"] is None
    [answer] = shown["answers"]
    assert set(answer) == {"text", "at"}
    text = response.content.decode()
    for personal in (difficulty.email, "98 76 54 32", difficulty.description, "FR", "dgdn"):
        assert personal not in text
    assert "focal_paris" not in text


def test_the_report_answer_holds_the_code_and_the_status_only() -> None:
    response = send()
    assert response.status_code == 201, response.content
    assert set(response.json()) == {"tracking_code", "status"}


def test_a_code_is_read_without_case_spaces_or_hyphen() -> None:
    difficulty = make_difficulty("reported")
    typed = difficulty.tracking_code.replace("-", "").lower()
    response = APIClient().get(f"{PUBLIC}{typed}/")
    assert response.status_code == 200
    assert response.json()["tracking_code"] == difficulty.tracking_code


@pytest.mark.parametrize("code", ["AAAAA-AAAAA", "nope", "0" * 40, "K7M3Q-9XR4T-1"])
def test_an_unknown_or_malformed_code_is_a_json_404(code: str) -> None:
    for response in (
        APIClient().get(f"{PUBLIC}{code}/"),
        APIClient().post(f"{PUBLIC}{code}/feedback/", {"resolved": True}, format="json"),
    ):
        assert response.status_code == 404
        assert response.json() == {"detail": "Introuvable."}


def test_feedback_before_an_answer_is_refused_in_words() -> None:
    difficulty = make_difficulty("referred")
    response = APIClient().post(
        f"{PUBLIC}{difficulty.tracking_code}/feedback/", {"resolved": True}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["detail"]
    difficulty.refresh_from_db()
    assert difficulty.status == "referred"


def test_a_browser_signed_in_posts_a_report_without_a_csrf_token(focal_paris: Any) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(focal_paris)
    response = send(client)
    assert response.status_code == 201, response.content


# --- Rates -----------------------------------------------------------------------------


def test_reports_beyond_the_rate_per_address_are_refused_with_a_429_in_words(
    settings: Any,
) -> None:
    settings.DIFFICULTY_RATE_PER_ADDRESS = "2/h"
    client = APIClient(REMOTE_ADDR="203.0.113.7")
    assert send(client).status_code == 201
    assert send(client).status_code == 201
    refused = send(client)
    assert refused.status_code == 429
    assert "Réessayez dans une heure" in refused.json()["detail"]
    # Another address still reports.
    assert send(APIClient(REMOTE_ADDR="203.0.113.8")).status_code == 201


def test_reports_beyond_the_rate_per_email_are_refused_from_any_address(settings: Any) -> None:
    settings.DIFFICULTY_RATE_PER_EMAIL = "1/h"
    first = send(APIClient(REMOTE_ADDR="203.0.113.7"), email="kafui@example.org")
    assert first.status_code == 201
    refused = send(APIClient(REMOTE_ADDR="198.51.100.9"), email="KAFUI@example.org")
    assert refused.status_code == 429
    assert "adresse e-mail" in refused.json()["detail"]
    assert send(APIClient(REMOTE_ADDR="198.51.100.9")).status_code == 201


def test_lookups_and_feedback_beyond_the_lookup_rate_are_refused(settings: Any) -> None:
    settings.DIFFICULTY_RATE_LOOKUP = "2/h"
    difficulty = make_difficulty("answered")
    client = APIClient()
    assert client.get(f"{PUBLIC}{difficulty.tracking_code}/").status_code == 200
    assert client.get(f"{PUBLIC}AAAAA-AAAAA/").status_code == 404
    refused = client.post(
        f"{PUBLIC}{difficulty.tracking_code}/feedback/", {"resolved": True}, format="json"
    )
    assert refused.status_code == 429
    assert refused.json()["detail"]
    difficulty.refresh_from_db()
    assert difficulty.status == "answered"


# --- Bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": "x" * 4001}, "description"),
        ({"description": "Trop court."}, "description"),
        ({"country": "XX"}, "country"),
        ({"country": 33}, "country"),
        ({"category": "teleportation"}, "category"),
        ({"email": "", "phone": ""}, "email"),
        ({"email": "pas-une-adresse"}, "email"),
        ({"email": "a" * 250 + "@example.org"}, "email"),
        ({"phone": "appelez-moi"}, "phone"),
        ({"phone": "1" * 40}, "phone"),
        ({"consent": False}, "consent"),
        ({"consent": "peut-être"}, "consent"),
        ({"administration": "nulle-part"}, "administration"),
        ({"administration": "a" * 41}, "administration"),
    ],
)
def test_a_bad_report_is_refused_with_a_400_on_its_field(
    changes: dict[str, Any], field: str
) -> None:
    from difficulties.models import Difficulty

    before = Difficulty.objects.count()
    assert field in field_errors(send(**changes))
    assert Difficulty.objects.count() == before


def test_a_report_without_its_fields_names_each_missing_one() -> None:
    errors = field_errors(APIClient().post(PUBLIC, {}, format="json"))
    assert {"category", "country", "description", "consent"} <= set(errors)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"resolved": "peut-être"}, "resolved"),
        ({"resolved": [True]}, "resolved"),
        ({}, "resolved"),
        ({"resolved": True, "note": "n" * 1001}, "note"),
    ],
)
def test_bad_feedback_is_refused_with_a_400_on_its_field(body: dict[str, Any], field: str) -> None:
    difficulty = make_difficulty("answered")
    response = APIClient().post(
        f"{PUBLIC}{difficulty.tracking_code}/feedback/", body, format="json"
    )
    assert field in field_errors(response)
    difficulty.refresh_from_db()
    assert difficulty.status == "answered"
