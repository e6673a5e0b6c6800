"""Security events: what happens at the gates is recorded with who, from where, on which
route and object; the rows cannot be changed; auditors and the superuser read them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import AppendOnlyError, SecurityEvent, SecurityEventKind
from audit.security import record_event

K = SecurityEventKind


pytestmark = pytest.mark.usefixtures("rates_lifted")


def _events(kind: SecurityEventKind) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=kind).order_by("id"))


def _only(kind: SecurityEventKind) -> SecurityEvent:
    [event] = _events(kind)
    return event


def _is_about(event: SecurityEvent, obj: Any) -> bool:
    return (event.content_type, event.object_id) == (
        ContentType.objects.get_for_model(obj),
        obj.pk,
    )


# --- Logins and tokens -----------------------------------------------------------


def test_a_login_and_a_logout_on_the_pages_are_recorded(officer: Any) -> None:
    browser = Client(REMOTE_ADDR="10.0.0.7")
    browser.post("/accounts/login/", {"username": "officer", "password": "demo"})
    browser.post("/accounts/logout/")

    login, logout = _only(K.LOGIN), _only(K.LOGOUT)
    assert (login.user, login.username, login.address) == (officer, "officer", "10.0.0.7")
    assert (login.method, login.route) == ("POST", "/accounts/login/")
    assert (logout.user, logout.route) == (officer, "/accounts/logout/")


def test_a_failed_login_records_the_name_typed_even_when_no_such_user_exists(cast: Any) -> None:
    Client().post("/accounts/login/", {"username": "personne", "password": "x"})
    event = _only(K.LOGIN_FAILED)
    assert (event.user, event.username, event.address) == (None, "personne", "127.0.0.1")


def test_a_lockout_is_recorded_and_so_is_each_attempt_refused_while_locked(
    officer: Any,
) -> None:
    for _ in range(5):
        Client().post("/accounts/login/", {"username": "officer", "password": "wrong"})
    APIClient().post(
        "/api/v1/auth/token/", {"username": "officer", "password": "demo"}, format="json"
    )
    assert len(_events(K.LOGIN_FAILED)) == 4
    first, refused = _events(K.LOCKED_OUT)
    assert (first.username, first.route) == ("officer", "/accounts/login/")
    assert (refused.username, refused.route) == ("officer", "/api/v1/auth/token/")
    assert not _events(K.FORBIDDEN)


def test_a_token_issued_and_revoked_is_recorded(officer: Any) -> None:
    key = (
        APIClient()
        .post("/api/v1/auth/token/", {"username": "officer", "password": "demo"}, format="json")
        .json()["token"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    client.delete("/api/v1/auth/token/")

    created, revoked = _only(K.TOKEN_CREATED), _only(K.TOKEN_REVOKED)
    assert (created.user, created.method, created.route) == (officer, "POST", "/api/v1/auth/token/")
    assert (revoked.user, revoked.method) == (officer, "DELETE")
    assert key not in created.detail + revoked.detail


def test_a_password_change_is_recorded_with_the_tokens_it_revoked(
    officer: Any, client_for: Any
) -> None:
    APIClient().post(
        "/api/v1/auth/token/", {"username": "officer", "password": "demo"}, format="json"
    )
    client_for(officer).post(
        "/accounts/password/",
        {
            "old_password": "demo",
            "new_password1": "Baobab-de-Kpalime-2026",
            "new_password2": "Baobab-de-Kpalime-2026",
        },
    )
    event = _only(K.PASSWORD_CHANGED)
    assert (event.user, event.route) == (officer, "/accounts/password/")
    assert _is_about(event, officer)
    assert event.detail == "officer: 1 API token(s) revoked"


def test_a_password_changed_by_the_admin_names_the_admin_and_the_user(
    admin_user: Any, officer: Any, client_for: Any
) -> None:
    client_for(admin_user).post(
        f"/admin/auth/user/{officer.pk}/password/",
        {
            "password1": "Baobab-de-Kpalime-2026",
            "password2": "Baobab-de-Kpalime-2026",
            "usable_password": "true",
        },
    )
    event = _only(K.PASSWORD_CHANGED)
    assert event.user == admin_user
    assert _is_about(event, officer)


# --- Refusals --------------------------------------------------------------------


def test_a_403_from_the_api_is_recorded_with_its_reason(
    api_for: Any, assoc_paris: Any, paris_association: Any
) -> None:
    path = f"/api/v1/associations/{paris_association.pk}/transitions/verify/"
    assert api_for(assoc_paris).post(path, format="json").status_code == 403
    event = _only(K.FORBIDDEN)
    assert (event.user, event.method, event.route) == (assoc_paris, "POST", path)
    assert event.detail == "Seul un point focal d'ambassade peut vérifier une association."


def test_a_403_page_is_recorded_with_its_reason(officer: Any, client_for: Any) -> None:
    assert client_for(officer).get("/securite/evenements/").status_code == 403
    event = _only(K.FORBIDDEN)
    assert (event.user, event.route) == (officer, "/securite/evenements/")
    assert "réservés aux auditeurs" in event.detail


def test_a_409_from_the_api_is_recorded(
    api_for: Any, focal_paris: Any, paris_association: Any
) -> None:
    path = f"/api/v1/associations/{paris_association.pk}/transitions/verify/"
    assert api_for(focal_paris).post(path, format="json").status_code == 409
    event = _only(K.CONFLICT)
    assert (event.user, event.route) == (focal_paris, path)
    assert event.detail


def test_an_object_that_exists_but_is_hidden_is_recorded_a_missing_one_is_not(
    api_for: Any, client_for: Any, assoc_brussels: Any, pending_paris_association: Any
) -> None:
    hidden = f"/api/v1/associations/{pending_paris_association.pk}/"
    assert api_for(assoc_brussels).get(hidden).status_code == 404
    assert api_for(assoc_brussels).get("/api/v1/associations/999999/").status_code == 404
    page = f"/registry/associations/{pending_paris_association.pk}/"
    assert client_for(assoc_brussels).get(page).status_code == 404
    assert client_for(assoc_brussels).get("/registry/associations/999999/").status_code == 404

    api, web = _events(K.HIDDEN)
    assert (api.user, api.route) == (assoc_brussels, hidden)
    assert (web.user, web.route) == (assoc_brussels, page)
    assert _is_about(api, pending_paris_association)
    assert _is_about(web, pending_paris_association)


# --- The admin -------------------------------------------------------------------


def test_a_change_through_the_admin_is_recorded(admin_user: Any, client_for: Any) -> None:
    response = client_for(admin_user).post("/admin/auth/group/add/", {"name": "observateurs"})
    assert response.status_code == 302
    group = Group.objects.get(name="observateurs")
    event = _only(K.ADMIN_CHANGE)
    assert (event.user, event.route) == (admin_user, "/admin/auth/group/add/")
    assert _is_about(event, group)
    assert "observateurs" in event.detail


# --- The rows --------------------------------------------------------------------


def test_a_security_event_is_never_changed_nor_deleted(officer: Any) -> None:
    event = record_event(K.EXPORT, user=officer, detail="associations.csv")
    event.detail = "autre chose"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.filter(pk=event.pk).update(detail="")
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.filter(pk=event.pk).delete()


def test_the_forwarded_address_is_read_only_behind_a_trusted_proxy(
    cast: Any, settings: Any
) -> None:
    for count in (0, 1, 2):
        settings.TRUSTED_PROXY_COUNT = count
        Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.2").post(
            "/accounts/login/", {"username": "x", "password": "y"}
        )
    assert [e.address for e in _events(K.LOGIN_FAILED)] == [
        "10.0.0.1",
        "10.0.0.2",
        "203.0.113.9",
    ]


# --- Reading them ----------------------------------------------------------------


@pytest.fixture
def some_events(officer: Any, finance: Any) -> dict[str, SecurityEvent]:
    old = record_event(K.LOGIN_FAILED, username="officer")
    # A row of last week, written as such.
    last_week = SecurityEvent.objects.create(
        kind=K.LOGIN,
        user=finance,
        username="finance",
        address="10.0.0.9",
        at=timezone.now() - timedelta(days=7),
    )
    return {
        "failed": old,
        "last_week": last_week,
        "export": record_event(K.EXPORT, user=officer, detail="cases.csv"),
    }


@pytest.mark.parametrize("who", ["auditor", "admin_user"])
def test_auditors_and_the_superuser_read_the_events_on_a_page_and_in_the_api(
    request: Any, who: str, client_for: Any, api_for: Any, some_events: Any
) -> None:
    user = request.getfixturevalue(who)
    page = client_for(user).get("/securite/evenements/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Événements de sécurité" in text and "cases.csv" in text
    assert 'href="/securite/evenements/"' in client_for(user).get("/").content.decode()

    body = api_for(user).get("/api/v1/audit/").json()
    assert set(body) == {"results", "next"}
    mine = {event.pk: name for name, event in some_events.items()}
    shown = [mine[row["id"]] for row in body["results"] if row["id"] in mine]
    assert shown == ["export", "last_week", "failed"]  # newest first
    fields = "id kind at user username address method route object_type object_id detail"
    assert set(body["results"][0]) == set(fields.split())


@pytest.mark.parametrize("who", ["officer", "supervisor", "assoc_paris"])
def test_no_one_else_reads_them(request: Any, who: str, client_for: Any, api_for: Any) -> None:
    user = request.getfixturevalue(who)
    assert client_for(user).get("/securite/evenements/").status_code == 403
    response = api_for(user).get("/api/v1/audit/")
    assert response.status_code == 403
    assert response.json()["detail"]
    assert 'href="/securite/evenements/"' not in client_for(user).get("/").content.decode()


def test_the_anonymous_are_sent_to_login_or_get_401(cast: Any) -> None:
    assert Client().get("/securite/evenements/").status_code == 302
    assert APIClient().get("/api/v1/audit/").status_code == 401


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "export"}, ["export"]),
        ({"user": "officer"}, ["export", "failed"]),
        ({"user": "finance"}, ["last_week"]),
        ({"address": "10.0.0.9"}, ["last_week"]),
        ({"since": "TODAY"}, ["export", "failed"]),
        ({"until": "LAST_WEEK"}, ["last_week"]),
        ({"since": "LAST_WEEK", "until": "LAST_WEEK", "kind": "login"}, ["last_week"]),
    ],
)
def test_the_filters_narrow_the_page_and_the_api(
    auditor: Any, client_for: Any, api_for: Any, some_events: Any, query: Any, expected: Any
) -> None:
    days = {
        "TODAY": timezone.localdate().isoformat(),
        "LAST_WEEK": (timezone.localdate() - timedelta(days=7)).isoformat(),
    }
    query = {key: days.get(value, value) for key, value in query.items()}
    wanted = {some_events[name].pk for name in expected}
    mine = {event.pk for event in some_events.values()}

    body = api_for(auditor).get("/api/v1/audit/", query).json()
    assert {row["id"] for row in body["results"]} & mine == wanted

    page = client_for(auditor).get("/securite/evenements/", query)
    assert {event.pk for event in page.context["events"]} & mine == wanted


def test_a_bad_filter_is_a_400_in_the_api(auditor: Any, api_for: Any) -> None:
    response = api_for(auditor).get("/api/v1/audit/", {"kind": "nope", "since": "hier"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind", "since"}


def test_the_events_are_paged(auditor: Any, officer: Any, client_for: Any, api_for: Any) -> None:
    for i in range(30):
        record_event(K.EXPORT, user=officer, detail=f"export {i}")
    first = api_for(auditor).get("/api/v1/audit/", {"kind": "export", "page_size": 20}).json()
    assert len(first["results"]) == 20 and first["next"]
    rest = api_for(auditor).get(first["next"]).json()
    assert len(rest["results"]) == 10 and rest["next"] is None

    page = client_for(auditor).get("/securite/evenements/", {"kind": "export"})
    assert len(page.context["events"]) == 25
    assert page.context["next_url"]


def test_a_refusal_a_page_answers_with_the_object_page_is_recorded_as_a_conflict(
    focal_paris: Any, client_for: Any, paris_association: Any
) -> None:
    response = client_for(focal_paris).post(
        f"/registry/associations/{paris_association.pk}/verify/"
    )
    assert response.status_code == 302
    event = _only(K.CONFLICT)
    assert (event.user, event.method) == (focal_paris, "POST")
    assert _is_about(event, paris_association)


def test_a_stale_draft_edit_is_recorded_as_a_conflict(assoc_paris: Any, client_for: Any) -> None:
    from tests.workflows.builders import make_proposal

    proposal = make_proposal("submitted")
    response = client_for(assoc_paris).post(
        f"/projects/proposals/{proposal.pk}/edit/", {"expected_state": "draft"}
    )
    assert response.status_code == 302
    event = _only(K.CONFLICT)
    assert event.user == assoc_paris
    assert _is_about(event, proposal)
