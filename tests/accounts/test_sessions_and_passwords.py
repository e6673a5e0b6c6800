"""Idle sessions end; every password set through the site meets Django's validators."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.sessions import LAST_PUSHED


def _signed_in_browser(username: str = "officer") -> Client:
    browser = Client()
    response = browser.post("/accounts/login/", {"username": username, "password": "demo"})
    assert response.status_code == 302
    return browser


def _session(browser: Client) -> Session:
    return Session.objects.get(session_key=browser.cookies["sessionid"].value)


def test_a_session_idle_for_thirty_minutes_is_over(officer: Any, settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    browser = _signed_in_browser()
    assert browser.get("/").status_code == 200

    Session.objects.filter(pk=_session(browser).pk).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = browser.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_using_the_session_pushes_its_end_back(officer: Any) -> None:
    browser = _signed_in_browser()
    session = browser.session
    session[LAST_PUSHED] = int(time.time()) - 120
    session.save()
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=5)
    )

    assert browser.get("/").status_code == 200

    left = _session(browser).expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)


def test_a_session_used_within_the_minute_is_not_written_again(officer: Any) -> None:
    browser = _signed_in_browser()
    soon = timezone.now() + timedelta(minutes=5)
    Session.objects.filter(pk=_session(browser).pk).update(expire_date=soon)
    assert browser.get("/").status_code == 200
    assert _session(browser).expire_date == soon


def test_the_password_page_refuses_a_weak_password(officer: Any, client_for: Any) -> None:
    response = client_for(officer).post(
        "/accounts/password/",
        {"old_password": "demo", "new_password1": "azerty12", "new_password2": "azerty12"},
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["new_password2"])
    assert "au minimum 12 caractères" in errors
    assert "trop courant" in errors
    assert User.objects.get(pk=officer.pk).check_password("demo")


def test_the_admin_refuses_a_weak_password_for_a_new_user(admin_user: Any, client_for: Any) -> None:
    response = client_for(admin_user).post(
        "/admin/auth/user/add/",
        {
            "username": "nouvel_agent",
            "usable_password": "true",
            "password1": "12345678",
            "password2": "12345678",
        },
    )
    assert response.status_code == 200
    assert "entièrement numérique" in response.content.decode()
    assert not User.objects.filter(username="nouvel_agent").exists()
