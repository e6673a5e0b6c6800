"""Idle sessions end: the session's end is pushed back while it is used."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

# When the session's end was last pushed back (seconds since the epoch).
LAST_PUSHED = "_idle_pushed_at"
# Pushed back at most once a minute, so that most requests write nothing: a session
# ends between SESSION_COOKIE_AGE - 60 s and SESSION_COOKIE_AGE after its last use.
PUSH_EVERY_SECONDS = 60


class IdleSessionMiddleware:
    """A signed-in session used again after a minute or more is saved, which starts its
    SESSION_COOKIE_AGE again; one left idle that long expires."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        pushed = session.get(LAST_PUSHED)
        now = int(time.time())
        if pushed is not None and now - int(pushed) >= PUSH_EVERY_SECONDS:
            session[LAST_PUSHED] = now
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="idle_session_start")
def _start(sender: Any, request: Any = None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LAST_PUSHED] = int(time.time())
