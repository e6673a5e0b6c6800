"""How often the API may be called: per address for the anonymous, per account for the
signed-in, and a stricter rate of its own on an endpoint that names a `throttle_scope`
(the token exchange). Rates are read from `settings.API_THROTTLE_RATES` at each request,
so they follow the environment and the tests' settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle

from audit.security import client_address


class _Rates:
    scope: str | None

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope) if self.scope else None

    def get_ident(self, request: Any) -> str:
        return client_address(request) or ""


class AnonThrottle(_Rates, AnonRateThrottle):
    pass


class UserThrottle(_Rates, UserRateThrottle):
    pass


class ScopedThrottle(_Rates, ScopedRateThrottle):
    pass
