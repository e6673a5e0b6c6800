"""Which database a query goes to when a streaming replica is configured.

Every write, every transaction, every migration and every page but those of
REPLICA_PAGES use the primary (`default`). The pages of REPLICA_PAGES (dashboards and
the lists that staff and auditors page through, in the browser and in the API) read
from `settings.REPLICA_DATABASE` when they are read (GET, HEAD), except:

- for whoever wrote anything within the last `REPLICA_READ_YOUR_WRITES_SECONDS`: a
  write (any other method) by a signed-in user leaves a mark in the shared cache,
  under the account, so the browser and the API tokens of that person alike read
  their own writes from the primary, whichever app server answers;
- for the accounts, sessions, tokens and lockout counts (PRIMARY_ONLY): signing in
  must never depend on the replica having caught up;
- inside a transaction (a read that locks or precedes a write is the primary's).

Without a replica nothing changes: the router answers None and Django uses `default`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

# The pages that read from the replica, by URL name.
REPLICA_PAGES = frozenset(
    {
        # Dashboards.
        "home",
        "cases:caseload",
        # Lists for staff and auditors, in the pages…
        "workflows:proposal_list",
        "workflows:call_list",
        "cases:case_list",
        "registry:association_list",
        "registry:expert_list",
        "security_events",
        # … and in the API.
        "api:proposal-list",
        "api:call-list",
        "api:case-list",
        "api:referral-list",
        "api:association-list",
        "api:expert-list",
        "api:audit",
    }
)
# Applications whose rows are always read from the primary.
PRIMARY_ONLY = frozenset(
    {"auth", "sessions", "knox", "axes", "django_otp", "otp_totp", "admin", "contenttypes"}
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# The request whose page reads from the replica (True outside a request), or None.
_on_replica: ContextVar[HttpRequest | bool | None] = ContextVar("reads_from_replica", default=None)


@contextmanager
def reads_from_replica() -> Iterator[None]:
    """Within the block, reads go to the replica (when one is configured)."""
    token = _on_replica.set(True)
    try:
        yield
    finally:
        _on_replica.reset(token)


def _replica_allowed(reader: HttpRequest | bool | None) -> bool:
    if reader is None or reader is False:
        return False
    if reader is True:
        return True
    decided: bool | None = getattr(reader, "_replica_reads", None)
    if decided is not None:
        return decided
    # Read at the first query of the page, once the API has authenticated its token.
    user = getattr(reader, "user", None)
    if user is None or not user.is_authenticated:
        return True
    decided = not wrote_recently(user.pk)
    reader._replica_reads = decided  # type: ignore[attr-defined]
    return decided


def _wrote_key(user_pk: Any) -> str:
    return f"replica:wrote:{user_pk}"


def mark_write(user_pk: Any) -> None:
    """The account wrote: its reads stay on the primary for a while."""
    cache.set(_wrote_key(user_pk), 1, settings.REPLICA_READ_YOUR_WRITES_SECONDS)


def wrote_recently(user_pk: Any) -> bool:
    return bool(cache.get(_wrote_key(user_pk)))


def _in_transaction() -> bool:
    """Within a transaction on the primary (a test case's own enclosing block aside)."""
    blocks = connections[DEFAULT_DB_ALIAS].atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        replica = settings.REPLICA_DATABASE
        if not replica:
            return None
        if (
            model._meta.app_label not in PRIMARY_ONLY
            and not _in_transaction()
            and _replica_allowed(_on_replica.get())
        ):
            return str(replica)
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        # Explicitly: an object read from the replica is saved to the primary.
        return DEFAULT_DB_ALIAS if settings.REPLICA_DATABASE else None

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        return True if settings.REPLICA_DATABASE else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # The replica follows the primary's WAL: it is never migrated itself.
        return False if db == settings.REPLICA_DATABASE else None


class ReplicaMiddleware:
    """Reads the pages of REPLICA_PAGES from the replica; marks the writers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.REPLICA_DATABASE:
            return self.get_response(request)
        try:
            response = self.get_response(request)
        finally:
            token = request.__dict__.pop("_replica_token", None)
            if token is not None:
                _on_replica.reset(token)
        user = getattr(request, "user", None)
        if request.method not in SAFE_METHODS and user is not None and user.is_authenticated:
            mark_write(user.pk)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        match = request.resolver_match
        if (
            settings.REPLICA_DATABASE
            and request.method in SAFE_METHODS
            and match is not None
            and match.view_name in REPLICA_PAGES
        ):
            request.__dict__["_replica_token"] = _on_replica.set(request)
