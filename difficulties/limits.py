"""How often the public may report and look up difficulties: per address and per e-mail
address, counted in the shared cache by django-ratelimit (one count for the page and
the API): every report POST per address (`check_attempt_rate`), then the reports that
pass validation per address and per e-mail (`check_report_rate`). Rates are read from
the settings at each request (`DIFFICULTY_RATE_*`), so
they follow the environment and the tests' settings; an empty rate counts nothing."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from audit.security import client_address
from processes.transitions import ActionRefused


class TooManyRequests(ActionRefused):
    """Beyond a public rate: a 429 with a sentence saying when to try again."""

    status = 429


def _address(group: str, request: HttpRequest) -> str:
    return client_address(request) or "unknown"


def _limited(request: HttpRequest, group: str, key: object, rate: str) -> bool:
    if not rate:
        return False
    return is_ratelimited(request, group=group, key=key, rate=rate, method=ALL, increment=True)


def check_attempt_rate(request: HttpRequest) -> None:
    """Count one report POST from this address, valid or not, or refuse it: a budget
    large enough for typos, that bounds invalid floods."""
    if _limited(request, "difficulties.attempt", _address, settings.DIFFICULTY_RATE_ATTEMPTS):
        raise TooManyRequests(
            _(
                "Trop de tentatives d'envoi depuis cette connexion. Réessayez dans une "
                "heure, ou adressez-vous à votre ambassade."
            )
        )


def check_report_rate(request: HttpRequest, email: str) -> None:
    """Count one report that passed validation, sent from this address (and to this
    e-mail), or refuse it: a typo corrected does not use up the rates."""
    if _limited(request, "difficulties.report", _address, settings.DIFFICULTY_RATE_PER_ADDRESS):
        raise TooManyRequests(
            _(
                "Trop de signalements envoyés depuis cette connexion. Réessayez dans une "
                "heure, ou adressez-vous à votre ambassade."
            )
        )
    email = (email or "").strip().casefold()
    if email and _limited(
        request,
        "difficulties.report.email",
        lambda group, request: email,
        settings.DIFFICULTY_RATE_PER_EMAIL,
    ):
        raise TooManyRequests(
            _(
                "Trop de signalements envoyés avec cette adresse e-mail. Réessayez dans "
                "une heure ; vos signalements précédents sont suivis avec leur code."
            )
        )


def check_lookup_rate(request: HttpRequest) -> None:
    """Count one tracking lookup (page or API) from this address, or refuse it."""
    if _limited(request, "difficulties.lookup", _address, settings.DIFFICULTY_RATE_LOOKUP):
        raise TooManyRequests(
            _("Trop de consultations depuis cette connexion. Réessayez dans une heure.")
        )
