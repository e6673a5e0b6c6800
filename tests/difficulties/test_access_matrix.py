"""Who reads what of a report (docs/difficulties.md, « Roles »): the reporter by the
tracking code, and the staff by their role and jurisdiction.

- Whoever holds the code (anonymous, or any persona) reads the status, the category,
  the dates and the answers, at /suivi/<code>/ and through the public API; never the
  description, the country or the contact. A code no report carries is a 404; another
  report's code shows that report only.
- The register (page and API) never lists a report waiting for its e-mail's link.
- The reporter's e-mail and phone are shown, on the report's page and through the API,
  to the focal point of its embassy and to the officers only: never to the auditor, to
  the focal point of another embassy, or to whoever holds the code.

Who reaches each route is tests/test_route_access.py; who fires each transition,
tests/difficulties/test_transition_matrix.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from difficulties.choices import DifficultyStatus
from difficulties.models import Difficulty
from tests.difficulties.builders import make_difficulty, reported

S = DifficultyStatus
pytestmark = pytest.mark.usefixtures("rates_lifted")

PHONE = "+33 6 98 76 54 32"
ANSWER = "Votre passeport est prêt au consulat."
PUBLIC_KEYS = {
    "tracking_code",
    "status",
    "status_label",
    "category",
    "category_label",
    "reported_at",
    "answers",
    "merged_into",
}
# A code of the right shape that no report carries, and one of the wrong shape.
UNKNOWN_CODES = ["AAAAA-AAAAA", "pas-un-code"]


def web(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api(user: User | None = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def personal(difficulty: Difficulty) -> list[str]:
    """What the tracking page and the public API never show of a report (its country is
    no key of the public API: PUBLIC_KEYS)."""
    return [difficulty.description, difficulty.email, PHONE]


@pytest.fixture
def answered(cast: Any) -> Difficulty:
    """An answered report of the Paris jurisdiction, with an e-mail and a phone."""
    return make_difficulty(S.ANSWERED, phone=PHONE)


@pytest.fixture
def desk(cast: Any) -> Difficulty:
    """A report of Senegal, which no embassy covers, with an e-mail and a phone."""
    officer = User.objects.get(username="officer")
    return make_difficulty(S.QUALIFIED, by=officer, country="SN", phone=PHONE)


# --- The reporter, by the code ---------------------------------------------------------


def test_whoever_holds_the_code_reads_the_status_and_answers_only(answered: Difficulty) -> None:
    page = web().get(reverse("difficulties:tracking", args=[answered.tracking_code]))
    assert page.status_code == 200
    text = page.content.decode()
    assert ANSWER in text
    assert str(S(answered.status).label) in text
    for secret in personal(answered):
        assert secret not in text, secret

    response = api().get(f"/api/v1/public/difficulties/{answered.tracking_code}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == PUBLIC_KEYS
    assert body["status"] == S.ANSWERED
    assert [answer["text"] for answer in body["answers"]] == [ANSWER]
    assert set(body["answers"][0]) == {"text", "at"}
    for secret in personal(answered):
        assert secret not in response.content.decode(), secret


def test_the_code_is_read_without_case(answered: Difficulty) -> None:
    loose = answered.tracking_code.lower()
    response = api().get(f"/api/v1/public/difficulties/{loose}/")
    assert response.status_code == 200
    assert response.json()["tracking_code"] == answered.tracking_code


@pytest.mark.parametrize("code", UNKNOWN_CODES)
def test_a_code_no_report_carries_is_not_found(answered: Difficulty, code: str) -> None:
    page = web().get(reverse("difficulties:tracking", args=[code]))
    assert page.status_code == 404
    assert ANSWER not in page.content.decode()
    response = api().get(f"/api/v1/public/difficulties/{code}/")
    assert response.status_code == 404
    assert "answers" not in response.json()
    feedback = api().post(
        f"/api/v1/public/difficulties/{code}/feedback/",
        {"resolved": True, "note": "Merci."},
        format="json",
    )
    assert feedback.status_code == 404
    answered.refresh_from_db()
    assert answered.status == S.ANSWERED


def test_another_reports_code_never_shows_this_one(cast: Any, answered: Difficulty) -> None:
    other = make_difficulty(S.REPORTED, phone="")
    page = web().get(reverse("difficulties:tracking", args=[other.tracking_code]))
    assert page.status_code == 200
    text = page.content.decode()
    assert other.tracking_code in text
    assert answered.tracking_code not in text
    assert ANSWER not in text
    body = api().get(f"/api/v1/public/difficulties/{other.tracking_code}/").json()
    assert body["tracking_code"] == other.tracking_code
    assert body["status"] == S.REPORTED
    assert body["answers"] == []


def test_the_feedback_with_another_code_leaves_this_report_waiting(
    cast: Any, answered: Difficulty
) -> None:
    other = make_difficulty(S.ANSWERED)
    response = api().post(
        f"/api/v1/public/difficulties/{other.tracking_code}/feedback/",
        {"resolved": True, "note": "Merci."},
        format="json",
    )
    assert response.status_code == 200
    assert Difficulty.objects.get(pk=other.pk).status == S.RESOLVED
    assert Difficulty.objects.get(pk=answered.pk).status == S.ANSWERED


def test_a_logged_in_persona_with_the_code_reads_no_more_than_anyone(
    cast: Any, answered: Difficulty
) -> None:
    """The tracking page is the reporter's: even the handlers read it without the
    contact (the register's page is theirs)."""
    focal = User.objects.get(username="focal_paris")
    text = web(focal).get(reverse("difficulties:tracking", args=[answered.tracking_code]))
    assert text.status_code == 200
    for secret in personal(answered):
        assert secret not in text.content.decode(), secret
    body = api(focal).get(f"/api/v1/public/difficulties/{answered.tracking_code}/").json()
    assert set(body) == PUBLIC_KEYS


# --- The register never lists a report waiting for its link ----------------------------


@pytest.mark.parametrize("persona", ["officer", "focal_paris", "auditor"])
def test_the_register_never_lists_a_report_waiting_for_its_link(cast: Any, persona: str) -> None:
    waiting = reported()
    registered = make_difficulty(S.REPORTED)
    user = User.objects.get(username=persona)

    page = web(user).get(reverse("difficulties:list"))
    assert page.status_code == 200
    # An auditor reads the reports' numbers, not their codes.
    shown = f"n° {registered.pk}" if persona == "auditor" else registered.tracking_code
    assert shown in page.content.decode()
    assert waiting.tracking_code not in page.content.decode()
    assert f"n° {waiting.pk}<" not in page.content.decode()

    listed = api(user).get("/api/v1/difficulties/", {"page_size": 200})
    assert listed.status_code == 200
    codes = {row["tracking_code"] for row in listed.json()["results"]}
    assert registered.tracking_code in codes
    assert waiting.tracking_code not in codes

    assert web(user).get(reverse("difficulties:detail", args=[waiting.pk])).status_code == 404
    assert api(user).get(f"/api/v1/difficulties/{waiting.pk}/").status_code == 404


# --- The reporter's contact -------------------------------------------------------------

# fmt: off
CONTACT_MATRIX = [
    # persona         report    page  contact shown
    ("focal_paris",   "paris",  200,  True),
    ("focal_paris",   "desk",   404,  False),
    ("officer",       "paris",  200,  True),
    ("officer",       "desk",   200,  True),
    ("auditor",       "paris",  200,  False),
    ("auditor",       "desk",   200,  False),
    ("focal_berlin",  "paris",  404,  False),
    ("focal_berlin",  "desk",   404,  False),
    ("assoc_paris",   "paris",  404,  False),
    ("caseworker1",   "paris",  404,  False),
    ("admin",         "paris",  404,  False),
]
# fmt: on


@pytest.mark.parametrize(
    ("persona", "report", "status", "shown"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in CONTACT_MATRIX],
)
def test_the_contact_is_shown_to_those_who_handle_the_report_only(
    request: pytest.FixtureRequest,
    answered: Difficulty,
    desk: Difficulty,
    persona: str,
    report: str,
    status: int,
    shown: bool,
) -> None:
    difficulty = {"paris": answered, "desk": desk}[report]
    if persona == "focal_berlin":
        user = request.getfixturevalue("focal_berlin")
    else:
        user = User.objects.get(username=persona)

    page = web(user).get(reverse("difficulties:detail", args=[difficulty.pk]))
    assert page.status_code == status
    text = page.content.decode()
    assert (difficulty.email in text) is shown
    assert (PHONE in text) is shown

    response = api(user).get(f"/api/v1/difficulties/{difficulty.pk}/")
    assert response.status_code == status
    body = response.json()
    if shown:
        assert (body["email"], body["phone"]) == (difficulty.email, PHONE)
    else:
        assert "email" not in body and "phone" not in body
        assert difficulty.email not in response.content.decode()

    if status == 200:
        listed = api(user).get("/api/v1/difficulties/", {"page_size": 200}).json()["results"]
        (row,) = [row for row in listed if row["id"] == difficulty.pk]
        assert ("email" in row) is shown
