"""The optional second factor (TOTP) of staff accounts: enrolment, the code asked at
login, the setting that requires it, and association members never asked."""

from __future__ import annotations

import html as html_lib
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from audit.models import SecurityEvent

SETUP, VERIFY = "/accounts/two-factor/", "/accounts/login/code/"


@pytest.fixture(autouse=True)
def _no_wait_between_attempts(settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def code_of(device: TOTPDevice) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def text(response: Any) -> str:
    return html_lib.unescape(response.content.decode())


def enrolled(user: User) -> TOTPDevice:
    device: TOTPDevice = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return device


def log_in(client: Client, username: str) -> Any:
    return client.post(
        reverse("login"), {"username": username, "password": "demo", "next": "/projects/proposals/"}
    )


def test_a_staff_user_enrols_with_the_qr_code_or_the_key_and_a_first_code(
    cast: dict[str, Any], client_for: Any
) -> None:
    officer = cast["users"]["officer"]
    client = client_for(officer)
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<script" not in html.split("<main")[-1]
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    assert device.config_url.split("secret=")[1][:4] in html.replace(" ", "")
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert 'for="id_code"' in html

    wrong = client.post(SETUP, {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "Ce code n'est pas le bon" in text(wrong)
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()

    right = client.post(SETUP, {"code": code_of(device)})
    assert right.status_code == 302
    assert TOTPDevice.objects.get(user=officer).confirmed
    # The session that enrolled is verified: its pages open.
    assert client.get("/projects/proposals/").status_code == 200
    assert "La double authentification est active" in client.get(SETUP).content.decode()


def test_after_enrolment_the_login_asks_for_the_code(cast: dict[str, Any], client: Client) -> None:
    device = enrolled(cast["users"]["officer"])
    response = log_in(client, "officer")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 302
    assert page["Location"].startswith(VERIFY)
    # Nothing opens before the code: pages, the admin, the session's API.
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/tasks/").status_code == 403

    step = client.get(page["Location"])
    assert step.status_code == 200
    assert 'autocomplete="one-time-code"' in step.content.decode()
    wrong = client.post(VERIFY, {"code": "12345x", "next": "/projects/proposals/"})
    assert wrong.status_code == 200
    assert "Ce code n'est pas le bon" in text(wrong)
    assert client.get("/").status_code == 302

    right = client.post(VERIFY, {"code": code_of(device), "next": "/projects/proposals/"})
    assert right.status_code == 302 and right["Location"] == "/projects/proposals/"
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/tasks/").status_code == 200


def test_the_superuser_is_asked_for_the_code_before_the_admin(
    cast: dict[str, Any], client: Client
) -> None:
    enrolled(cast["users"]["admin"])
    log_in(client, "admin")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def test_staff_without_a_device_are_not_asked_unless_it_is_required(
    cast: dict[str, Any], client: Client, settings: Any
) -> None:
    log_in(client, "officer")
    assert client.get("/projects/proposals/").status_code == 200

    settings.REQUIRE_2FA_FOR_STAFF = True
    response = client.get("/projects/proposals/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    assert client.get("/admin/").status_code == 302
    assert client.get(SETUP).status_code == 200


@pytest.mark.parametrize("required", [False, True])
def test_association_members_are_never_asked(
    cast: dict[str, Any], client: Client, settings: Any, required: bool
) -> None:
    settings.REQUIRE_2FA_FOR_STAFF = required
    enrolled(cast["users"]["assoc_paris"])  # even a device made elsewhere is not asked for
    response = log_in(client, "assoc_paris")
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/").status_code == 200
    assert client.get(SETUP).status_code == 403
    assert "Double authentification" not in client.get("/").content.decode()


def test_the_setup_page_is_offered_to_staff_in_the_account_menu(
    cast: dict[str, Any], client_for: Any
) -> None:
    page = client_for(cast["users"]["supervisor"]).get("/").content.decode()
    assert f'href="{SETUP}"' in page


def test_the_api_token_exchange_asks_an_enrolled_account_for_its_code(
    cast: dict[str, Any], settings: Any
) -> None:
    """The password alone gives no API token to an account with a second factor."""
    device = enrolled(cast["users"]["officer"])
    api = APIClient()
    credentials = {"username": "officer", "password": "demo"}

    refused = api.post("/api/v1/auth/token/", credentials, format="json")
    wrong = api.post("/api/v1/auth/token/", {**credentials, "otp": "000000"}, format="json")
    given = api.post("/api/v1/auth/token/", {**credentials, "otp": code_of(device)}, format="json")

    assert refused.status_code == 400
    assert "code à six chiffres" in refused.json()["errors"]["otp"][0]
    assert wrong.status_code == 400
    assert given.status_code == 200 and given.json()["token"]
    assert SecurityEvent.objects.filter(kind="login_failed", username="officer").count() == 2


def test_the_api_token_exchange_refuses_staff_without_a_device_when_it_is_required(
    cast: dict[str, Any], settings: Any
) -> None:
    settings.REQUIRE_2FA_FOR_STAFF = True
    credentials = {"username": "officer", "password": "demo"}
    refused = APIClient().post("/api/v1/auth/token/", credentials, format="json")
    member = APIClient().post(
        "/api/v1/auth/token/", {"username": "assoc_paris", "password": "demo"}, format="json"
    )

    assert refused.status_code == 400
    assert "activez-la d'abord" in refused.json()["errors"]["otp"][0]
    assert member.status_code == 200


def test_a_wrong_code_and_a_refusal_before_the_code_are_security_events(
    cast: dict[str, Any], client: Client
) -> None:
    device = enrolled(cast["users"]["officer"])
    log_in(client, "officer")
    client.post(reverse("two_factor_verify"), {"code": "000000"})
    refused = client.get("/api/v1/proposals/")
    assert refused.status_code == 403
    assert code_of(device)  # the right code was never given

    events = SecurityEvent.objects.filter(user__username="officer")
    assert events.filter(kind="login_failed", route=reverse("two_factor_verify")).count() == 1
    assert events.filter(kind="forbidden", route="/api/v1/proposals/").count() == 1


def test_enrolling_revokes_the_tokens_issued_on_the_password_alone(
    cast: dict[str, Any], client_for: Any
) -> None:
    api = APIClient()
    before = api.post(
        "/api/v1/auth/token/", {"username": "officer", "password": "demo"}, format="json"
    ).json()["token"]
    client = client_for(cast["users"]["officer"])
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=cast["users"]["officer"], confirmed=False)
    assert client.post(SETUP, {"code": code_of(device)}).status_code == 302

    old = APIClient(HTTP_AUTHORIZATION=f"Token {before}").get("/api/v1/proposals/")
    assert old.status_code == 401
