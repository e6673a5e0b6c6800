"""The one way to record a security event, and who asked: the caller's address, the
request being served, an object someone looked for and may not see."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404, HttpRequest

from accounts.types import AnyUser
from audit.models import SecurityEvent, SecurityEventKind

M = TypeVar("M", bound=models.Model)

# The request being served (set by audit.middleware.SecurityEventMiddleware), for the
# events raised where no request is at hand (a model signal, a helper deep in a view).
_current_request: ContextVar[HttpRequest | None] = ContextVar("security_request", default=None)
# Set on a request once one event is recorded for it: the middleware then adds none.
RECORDED = "_security_event_recorded"
DETAIL_MAX = SecurityEvent._meta.get_field("detail").max_length or 2000


def client_address(request: Any) -> str | None:
    """The caller's address: REMOTE_ADDR, or, behind `TRUSTED_PROXY_COUNT` proxies of our
    own, the address the farthest of them saw in X-Forwarded-For. A header sent past no
    trusted proxy is the caller's own word and is ignored."""
    meta = request.META
    address = meta.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            address = forwarded[-count]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


@contextmanager
def serving(request: HttpRequest) -> Iterator[None]:
    """While `request` is served, the events recorded without a request are its own."""
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)


def current_request() -> HttpRequest | None:
    return _current_request.get()


def record_event(
    kind: SecurityEventKind,
    *,
    request: Any = None,
    user: AnyUser | None = None,
    username: str = "",
    obj: models.Model | None = None,
    detail: str = "",
) -> SecurityEvent:
    """Write one security event: what, who (the request's user when `user` is not given),
    the name typed, from which address, on which route and object, and why."""
    request = request if request is not None else current_request()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    known = user if user is not None and user.is_authenticated else None
    if not username and known is not None:
        username = known.get_username()
    event = SecurityEvent.objects.create(
        kind=kind,
        user=known,
        username=str(username)[:150],
        address=client_address(request) if request is not None else None,
        method=(request.method or "")[:10] if request is not None else "",
        route=request.path[:255] if request is not None else "",
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        detail=str(detail)[:DETAIL_MAX],
    )
    if request is not None:
        # A DRF request wraps the one the middleware sees.
        setattr(getattr(request, "_request", request), RECORDED, True)
    return event


def record_if_hidden(model: type[models.Model], **lookup: Any) -> None:
    """Someone was refused the object `lookup` names as not visible: when it exists,
    record that it was looked for (a 404 on a missing one is no event)."""
    try:
        hidden = model._default_manager.filter(**lookup).first()
    except (TypeError, ValueError):
        return
    if hidden is not None:
        record_event(SecurityEventKind.HIDDEN, obj=hidden)


def get_visible_or_404(visible: models.QuerySet[M], **lookup: Any) -> M:
    """The object `lookup` names among those `visible` to the caller; 404 otherwise,
    recorded when the object exists but is hidden from the caller."""
    try:
        return visible.get(**lookup)
    except (ObjectDoesNotExist, TypeError, ValueError):
        record_if_hidden(visible.model, **lookup)
        raise Http404 from None
