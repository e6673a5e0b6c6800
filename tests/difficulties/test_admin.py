"""The register's admin: reports listed, filtered and shown, never edited or deleted
(their state moves only through the services, which its « close » action fires); the
administrations and the online services saved through the reference services."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from audit.models import HistoryEntry
from difficulties.choices import DifficultyStatus
from difficulties.models import Administration, Difficulty, OnlineService
from tests.difficulties.builders import make_difficulty

pytestmark = pytest.mark.django_db
S = DifficultyStatus


@pytest.fixture
def staff_client(admin_user: User) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def officer_client(officer: User) -> Client:
    officer.is_staff = officer.is_superuser = True
    officer.save()
    client = Client()
    client.force_login(officer)
    return client


def test_the_reports_are_listed_filtered_and_shown_read_only(
    staff_client: Client, cast: dict[str, Any]
) -> None:
    difficulty = make_difficulty(S.ANSWERED)
    base = "/admin/difficulties/difficulty/"
    listed = staff_client.get(base, {"status__exact": "answered"})
    assert listed.status_code == 200
    assert difficulty in listed.context["cl"].result_list
    found = staff_client.get(base, {"q": difficulty.tracking_code})
    assert list(found.context["cl"].result_list) == [difficulty]
    detail = staff_client.get(f"{base}{difficulty.pk}/change/")
    assert detail.status_code == 200
    html = detail.content.decode()
    assert 'name="_save"' not in html
    assert difficulty.email not in html
    assert "Votre passeport est prêt au consulat." in html
    assert staff_client.get(f"{base}add/").status_code == 403
    assert staff_client.post(f"{base}{difficulty.pk}/delete/", {"post": "yes"}).status_code == 403
    staff_client.post(
        f"{base}{difficulty.pk}/change/", {"status": S.CLOSED, "description": "x" * 30}
    )
    difficulty.refresh_from_db()
    assert difficulty.status == S.ANSWERED


def test_the_close_action_fires_the_transition_through_the_service(
    officer_client: Client, officer: User
) -> None:
    answered = make_difficulty(S.ANSWERED)
    referred = make_difficulty(S.REFERRED)
    page = officer_client.post(
        "/admin/difficulties/difficulty/",
        {"action": "close_selected", "_selected_action": [answered.pk, referred.pk]},
        follow=True,
    )
    texts = [str(m) for m in page.context["messages"]]
    assert "1 signalement clôturé." in texts
    assert any(t.startswith(f"{referred.tracking_code} : ") for t in texts)
    answered.refresh_from_db()
    referred.refresh_from_db()
    assert (answered.status, referred.status) == (S.CLOSED, S.REFERRED)
    row = HistoryEntry.objects.filter(
        content_type__app_label="difficulties", object_id=answered.pk, action="close"
    ).get()
    assert (row.by, row.source, row.target_state) == (officer, "admin", S.CLOSED)


def test_an_administration_is_saved_by_the_reference_service(
    officer_client: Client, officer: User
) -> None:
    officer_client.post(
        "/admin/difficulties/administration/add/",
        {"code": "passeports", "name": "Service des passeports", "active": "on"},
    )
    added = Administration.objects.get(code="passeports")
    officer_client.post(
        f"/admin/difficulties/administration/{added.pk}/change/",
        {"code": "passeports", "name": "Direction des passeports", "active": "on"},
    )
    assert Administration.objects.get(pk=added.pk).name == "Direction des passeports"
    actions = HistoryEntry.objects.filter(
        object_id=added.pk, content_type__model="administration"
    ).values_list("action", "source", "by")
    assert list(actions.order_by("pk")) == [
        ("create", "admin", officer.pk),
        ("update", "admin", officer.pk),
    ]
    assert (
        officer_client.post(
            f"/admin/difficulties/administration/{added.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )


def test_an_online_service_is_saved_by_the_reference_service(
    officer_client: Client, officer: User
) -> None:
    officer_client.post(
        "/admin/difficulties/onlineservice/add/",
        {
            "title": "E-visa",
            "url": "https://evisa.example.org/",
            "description": "",
            "categories": '["visa"]',
            "position": "1",
            "active": "on",
        },
    )
    service = OnlineService.objects.get(title="E-visa")
    assert service.categories == ["visa"]
    row = HistoryEntry.objects.get(object_id=service.pk, content_type__model="onlineservice")
    assert (row.action, row.by) == ("create", officer)


def test_the_admin_never_writes_a_status_or_history_itself(
    officer_client: Client, officer: User
) -> None:
    """The change form has no status to post; only the services write the history."""
    difficulty = make_difficulty(S.ANSWERED)
    before = HistoryEntry.objects.filter(object_id=difficulty.pk).count()
    officer_client.post(
        f"/admin/difficulties/difficulty/{difficulty.pk}/change/", {"status": S.CLOSED}
    )
    assert Difficulty.objects.get(pk=difficulty.pk).status == S.ANSWERED
    assert HistoryEntry.objects.filter(object_id=difficulty.pk).count() == before
