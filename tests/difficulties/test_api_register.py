"""The staff's endpoints: who sees which reports and their reporters' contact, the
list's filters, and the transitions' refusals (bad dates, the wrong caller)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from difficulties.models import Difficulty
from tests.difficulties.builders import make_difficulty, reported

pytestmark = pytest.mark.django_db

STAFF = "/api/v1/difficulties/"


def codes(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["tracking_code"] for row in response.json()["results"]}


def test_a_focal_point_of_another_embassy_sees_none_of_pariss_reports(
    api_for: Any, focal_berlin: Any
) -> None:
    paris = make_difficulty("referred")
    berlin = make_difficulty("reported", country="DE", by=focal_berlin)
    client = api_for(focal_berlin)
    assert codes(client.get(STAFF)) == {berlin.tracking_code}
    for path in ("", "transitions/", "history/", "attachments/"):
        assert client.get(f"{STAFF}{paris.pk}/{path}").status_code == 404, path
    fired = client.post(f"{STAFF}{paris.pk}/transitions/close/", {}, format="json")
    assert fired.status_code == 404
    paris.refresh_from_db()
    assert paris.status == "referred"


def test_the_auditor_sees_every_report_but_no_contact_and_changes_nothing(
    api_for: Any, auditor: Any, officer: Any, focal_paris: Any
) -> None:
    difficulty = make_difficulty("qualified", phone="+33 6 00 11 22 33")
    client = api_for(auditor)
    [row] = [r for r in client.get(STAFF).json()["results"] if r["id"] == difficulty.pk]
    shown = client.get(f"{STAFF}{difficulty.pk}/").json()
    for answer in (row, shown):
        assert "email" not in answer
        assert "phone" not in answer
    assert difficulty.email not in client.get(f"{STAFF}{difficulty.pk}/").content.decode()
    assert client.get(f"{STAFF}{difficulty.pk}/transitions/").json() == []
    refused = client.post(
        f"{STAFF}{difficulty.pk}/transitions/answer/", {"answer": "Non."}, format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["detail"]
    assert client.post(STAFF, {}, format="json").status_code == 403

    # Those who handle the report read the contact.
    for handler in (officer, focal_paris):
        shown = api_for(handler).get(f"{STAFF}{difficulty.pk}/").json()
        assert shown["email"] == difficulty.email
        assert shown["phone"] == "+33 6 00 11 22 33"


def test_an_unconfirmed_report_with_an_email_is_not_in_the_register(
    api_for: Any, officer: Any
) -> None:
    waiting = reported()
    client = api_for(officer)
    assert waiting.tracking_code not in codes(client.get(STAFF))
    assert client.get(f"{STAFF}{waiting.pk}/").status_code == 404


def test_the_list_filters_by_category_country_embassy_status_and_overdue(
    api_for: Any, officer: Any
) -> None:
    passport = make_difficulty("qualified")
    visa = make_difficulty("referred", category="visa")
    late = make_difficulty("referred", category="visa")
    Difficulty.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    dakar = make_difficulty("reported", country="SN", by=officer)
    mine = {passport.tracking_code, visa.tracking_code, late.tracking_code, dakar.tracking_code}
    client = api_for(officer)

    def listed(**query: str) -> set[str]:
        return codes(client.get(STAFF, query)) & mine

    assert listed(category="visa") == {visa.tracking_code, late.tracking_code}
    assert listed(country="sn") == {dakar.tracking_code}
    assert listed(embassy="paris") == mine - {dakar.tracking_code}
    assert listed(status="referred") == {visa.tracking_code, late.tracking_code}
    assert listed(overdue="true") == {late.tracking_code}
    assert listed(overdue="false") == mine - {late.tracking_code}
    rows = client.get(STAFF, {"overdue": "true"}).json()["results"]
    assert all(row["overdue"] for row in rows)


@pytest.mark.parametrize(
    "query",
    [
        {"status": "lost"},
        {"category": "teleportation"},
        {"country": "XX"},
        {"overdue": "maybe"},
        {"embassy": "pas un code"},
    ],
)
def test_a_bad_filter_is_a_400_in_words(api_for: Any, officer: Any, query: dict[str, str]) -> None:
    response = api_for(officer).get(STAFF, query)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(query)


@pytest.mark.parametrize(
    ("due_date", "field"),
    [
        ("2026-13-45", "due_date"),
        ("demain", "due_date"),
        (None, "due_date"),
        ((timezone.localdate() - datetime.timedelta(days=1)).isoformat(), "due_date"),
        ((timezone.localdate() + datetime.timedelta(days=400)).isoformat(), "due_date"),
    ],
)
def test_a_referral_with_a_bad_due_date_is_refused_on_the_field(
    api_for: Any, focal_paris: Any, due_date: Any, field: str
) -> None:
    difficulty = make_difficulty("qualified")
    response = api_for(focal_paris).post(
        f"{STAFF}{difficulty.pk}/transitions/refer/",
        {"administration": "dgdn", "due_date": due_date},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    difficulty.refresh_from_db()
    assert difficulty.status == "qualified"


@pytest.mark.parametrize(
    ("name", "body", "field"),
    [
        ("answer", {"answer": ""}, "answer"),
        ("answer", {"answer": "a" * 4001}, "answer"),
        ("merge", {"into": "AAAAA-AAAAA"}, "into"),
        ("qualify", {"administration": "nulle-part"}, "administration"),
        ("qualify", {"urgency": "extreme"}, "urgency"),
    ],
)
def test_a_transition_with_a_bad_input_is_refused_on_the_field(
    api_for: Any, focal_paris: Any, name: str, body: dict[str, Any], field: str
) -> None:
    difficulty = make_difficulty("qualified" if name == "answer" else "reported")
    response = api_for(focal_paris).post(
        f"{STAFF}{difficulty.pk}/transitions/{name}/", body, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


def test_resolve_and_unresolve_are_never_offered_nor_fired_by_staff(
    api_for: Any, officer: Any
) -> None:
    difficulty = make_difficulty("answered")
    client = api_for(officer)
    offered = [o["name"] for o in client.get(f"{STAFF}{difficulty.pk}/transitions/").json()]
    assert offered == ["close"]
    for name in ("resolve", "unresolve"):
        response = client.post(f"{STAFF}{difficulty.pk}/transitions/{name}/", {}, format="json")
        assert response.status_code == 404
    difficulty.refresh_from_db()
    assert difficulty.status == "answered"
