"""The second factor of staff accounts: a TOTP code (django-otp), optional unless
`REQUIRE_2FA_FOR_STAFF` is set.

- Staff are every role but the association member's, and the superuser;
  association members are never asked.
- A staff user enrols an authenticator app on « Double authentification »
  (`two_factor_setup`): the page shows the QR code (an SVG drawn here, with
  segno) and the secret key as text, and confirms the device with a first code.
- Once enrolled, the password opens a session that is not verified yet: every
  page (the admin too) sends to the second step (`two_factor_verify`), which asks
  for the code; the session API answers 403 meanwhile.
- With `REQUIRE_2FA_FOR_STAFF` on, a staff user without a device is sent to the
  enrolment page and may use no other page until it is done.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role, roles_of
from accounts.tokens import revoke_all_tokens
from accounts.types import AnyUser, AuthUser
from audit.models import SecurityEventKind
from audit.security import record_event

# Pages an account between its password and its code (or its enrolment) may open.
OPEN_PATHS = ("/accounts/login/", "/accounts/logout/", "/i18n/", "/static/", "/favicon.ico")


def is_staff_account(user: AnyUser) -> bool:
    """Everyone who works a process: any role but the association member's, the superuser."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or roles_of(user) - {Role.ASSOCIATION_MEMBER.value})


def confirmed_device(user: AnyUser) -> TOTPDevice | None:
    if not user.is_authenticated:
        return None
    device: TOTPDevice | None = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()
    return device


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"


# Whether the session's account has a confirmed device, read once at login (no query
# per page); the enrolment page and the second step keep it up to date.
SESSION_KEY = "two_factor_enrolled"


def remember_enrolment(request: HttpRequest, user: AnyUser) -> bool:
    enrolled = is_staff_account(user) and confirmed_device(user) is not None
    request.session[SESSION_KEY] = enrolled
    return enrolled


def on_login(sender: Any, request: HttpRequest | None, user: AuthUser, **kwargs: Any) -> None:
    """`user_logged_in`: note whether this session needs the second step."""
    if request is not None and hasattr(request, "session"):
        remember_enrolment(request, user)


class SecondFactorMiddleware:
    """Sends a staff account to its second step (or its enrolment) before any page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not is_staff_account(user) or request.path.startswith(OPEN_PATHS):
            return self.get_response(request)
        enrolled = request.session.get(SESSION_KEY)
        if enrolled is None:
            enrolled = remember_enrolment(request, user)
        if enrolled and not user.is_verified():  # type: ignore[union-attr]
            return self._refuse(request, "two_factor_verify")
        if (
            not enrolled
            and settings.REQUIRE_2FA_FOR_STAFF
            and request.path != reverse("two_factor_setup")
        ):
            return self._refuse(request, "two_factor_setup")
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, step: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Saisissez d'abord le code de votre application d'authentification.")},
                status=403,
            )
        return redirect(_with_next(step, request))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code à six chiffres"),
        max_length=8,
        help_text=gettext_lazy("Le code affiché par votre application d'authentification."),
    )

    def __init__(self, *args: Any, device: TOTPDevice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("Trop d'essais manqués : patientez un instant avant de réessayer.")
            )
        if not code.isdigit() or not self.device.verify_token(code):
            raise forms.ValidationError(_("Ce code n'est pas le bon (ou il a expiré)."))
        return code


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of the login: the code of the enrolled device."""
    user = request.user
    device = confirmed_device(user)
    if device is None or user.is_verified():  # type: ignore[union-attr]
        remember_enrolment(request, user)  # e.g. its device was removed in the admin
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, device)
            return redirect(_next_url(request))
        record_event(
            SecurityEventKind.LOGIN_FAILED,
            request=request,
            detail=" ".join(str(error) for error in form.errors.get("code", [])),
        )
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


def _pending_device(user: AuthUser) -> TOTPDevice:
    """The device being enrolled: one per account, kept until it is confirmed."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    return device


def qr_svg(url: str) -> SafeString:
    """The QR code of `url`, as an inline SVG element (no image request, no script)."""
    title = _("Code QR à scanner avec votre application d'authentification")
    svg: str = segno.make(url, error="m").svg_inline(scale=5, title=title, dark="#000")
    # Drawn here from the device's own address; segno escapes the title.
    return mark_safe(svg)  # nosec B308 B703


def secret_text(device: TOTPDevice) -> str:
    """The secret key as an authenticator app asks for it typed: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol (or remove) the authenticator app of a staff account."""
    user = request.user
    if not is_staff_account(user):
        raise PermissionDenied
    account: AuthUser = user  # type: ignore[assignment]
    device = confirmed_device(account)
    if device is not None:
        form = CodeForm(request.POST or None, device=device)
        if request.method == "POST" and not settings.REQUIRE_2FA_FOR_STAFF and form.is_valid():
            TOTPDevice.objects.filter(user=account).delete()
            request.session[SESSION_KEY] = False
            messages.success(request, _("La double authentification est désactivée."))
            return redirect("two_factor_setup")
        return render(
            request,
            "registration/two_factor_setup.html",
            {"device": device, "form": form, "required": settings.REQUIRE_2FA_FOR_STAFF},
        )
    pending = _pending_device(account)
    form = CodeForm(request.POST or None, device=pending)
    if request.method == "POST" and form.is_valid():
        pending.confirmed = True
        pending.save(update_fields=["confirmed"])
        # Tokens issued on the password alone would go on opening the API without the code.
        revoked = revoke_all_tokens(account)
        record_event(
            SecurityEventKind.TOKEN_REVOKED,
            request=request,
            detail=f"second factor enrolled: {revoked} API token(s) revoked",
        )
        otp_login(request, pending)
        request.session[SESSION_KEY] = True
        messages.success(
            request,
            _(
                "La double authentification est activée : chaque connexion vous demandera "
                "désormais un code."
            ),
        )
        return redirect(_next_url(request))
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr": qr_svg(pending.config_url),
            "secret": secret_text(pending),
            "required": settings.REQUIRE_2FA_FOR_STAFF,
            "next": _next_url(request),
        },
    )


def second_factor_problem(user: AuthUser, code: str) -> str:
    """Why `code` does not complete a login outside the pages (the API's token exchange),
    or "" when it does: an account with a device gives its current code; a staff account
    without one, while the second factor is required, enrols on the web first."""
    device = confirmed_device(user)
    if device is None:
        if settings.REQUIRE_2FA_FOR_STAFF and is_staff_account(user):
            return _(
                "La double authentification est exigée pour ce compte : activez-la d'abord "
                "en vous connectant au site."
            )
        return ""
    form = CodeForm({"code": code}, device=device)
    if not code:
        return _("Ce compte utilise la double authentification : indiquez le code à six chiffres.")
    if not form.is_valid():
        return " ".join(str(error) for error in form.errors["code"])
    return ""
