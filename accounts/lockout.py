"""Guessing passwords: the lockout handler (an account locked sooner than an address), and
what a locked-out login is told: that logins are refused, and until when."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LOCKED_STATUS = 429


def limits_of(request: Any, credentials: dict[str, Any] | None) -> tuple[int, int]:
    """The failures that lock a username out, and those that lock an address out (more:
    colleagues share an office's address, and one person's typing mistakes must not
    lock them all out; spraying many usernames from it still is stopped)."""
    limit = get_failure_limit(request, credentials)
    return limit, max(limit, settings.LOGIN_ADDRESS_FAILURE_LIMIT)


class AccountFirstHandler(AxesDatabaseHandler):
    """django-axes' database handler, with the address's own limit: the failures of the
    address count towards a lockout scaled to LOGIN_ADDRESS_FAILURE_LIMIT."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        # One queryset per AXES_LOCKOUT_PARAMETERS entry: the username's, the address's.
        per_username, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit, address_limit = limits_of(request, credentials)
        return max(per_username, per_address * limit // address_limit)


def unlocked_at(request: Any, credentials: dict[str, Any] | None) -> datetime:
    """When the lockout of this username or address ends: its last counted failure plus
    the cool-off (attempts made while locked out are not counted)."""
    AxesProxyHandler.update_request(request)
    handler: Any = AxesProxyHandler.get_implementation()
    limits = limits_of(request, credentials)
    ends = []
    counts = handler.get_user_attempts(request, credentials)
    for attempts, limit in zip(counts, limits, strict=True):
        totals = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        if (totals["failures"] or 0) >= limit and totals["last"] is not None:
            ends.append(totals["last"])
    cool_off = get_cool_off(request)
    assert cool_off is not None  # settings.AXES_COOLOFF_TIME is always set
    return max(ends, default=timezone.now()) + cool_off


def seconds_left(until: datetime) -> int:
    return max(1, math.ceil((until - timezone.now()).total_seconds()))


def lockout_message(until: datetime) -> str:
    minutes = math.ceil(seconds_left(until) / 60)
    return ngettext(
        "Trop de tentatives de connexion infructueuses : la connexion est bloquée, même "
        "avec le bon mot de passe. Réessayez après %(time)s (dans %(minutes)d minute).",
        "Trop de tentatives de connexion infructueuses : la connexion est bloquée, même "
        "avec le bon mot de passe. Réessayez après %(time)s (dans %(minutes)d minutes).",
        minutes,
    ) % {"time": formats.time_format(timezone.localtime(until)), "minutes": minutes}


def lockout_response(
    request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """The login page's answer while locked out (axes' AXES_LOCKOUT_CALLABLE): 429, the
    time to try again in words and in Retry-After."""
    until = unlocked_at(request, credentials)
    answer = render(
        request,
        "registration/locked_out.html",
        {"message": lockout_message(until), "title": _("Connexion bloquée")},
        status=LOCKED_STATUS,
    )
    answer["Retry-After"] = str(seconds_left(until))
    return answer
