"""At login, whether the user has exports: the menu then offers "Mes exports"."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from observatory.exports import jobs


@receiver(user_logged_in, dispatch_uid="observatory_exports_in_menu")
def _offer_exports(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session") or user is None:
        return
    if jobs.exports_of(user).exists():
        jobs.remember(request)
