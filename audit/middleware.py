"""Every refused request leaves a security event, whichever page or endpoint refused it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from audit.models import SecurityEventKind
from audit.security import RECORDED, record_event, serving

# The answers that are refusals worth a trace, and what they are called.
REFUSALS = {403: SecurityEventKind.FORBIDDEN, 409: SecurityEventKind.CONFLICT}


class SecurityEventMiddleware:
    """Serves the request as the current one (for the events recorded without it), then
    records a 403 or a 409 answer unless an event was already recorded for it (a lockout,
    a refused login)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with serving(request):
            response = self.get_response(request)
            kind = REFUSALS.get(response.status_code)
            if kind is not None and not getattr(request, RECORDED, False):
                record_event(kind, request=request, detail=_reason(response))
        return response


def _reason(response: HttpResponse) -> str:
    """The refusal's reason in the caller's words, when the answer is JSON that gives one."""
    data = getattr(response, "data", None)
    if isinstance(data, dict) and data.get("detail"):
        return str(data["detail"])
    return str(getattr(response, "security_reason", ""))
