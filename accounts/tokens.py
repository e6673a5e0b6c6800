"""API tokens: issued for a while, revocable, stored only as a hash (django-rest-knox).

A token is shown once, when issued; the database keeps its first characters (to find
it) and the SHA-512 of the whole, so a copy of the database opens nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from knox.models import AuthToken

from accounts.types import AuthUser


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`: one query (the token with its user); an expired
    token is refused and deleted. The user's other expired tokens are swept when a new
    one is issued, not on every request."""

    def _cleanup_token(self, auth_token: Any) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


def issue_token(user: AuthUser) -> tuple[str, datetime | None]:
    """A new token for `user` and when it expires; its expired tokens are deleted."""
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    instance, key = AuthToken.objects.create(user=user)
    return key, instance.expiry


def revoke_token(token: AuthToken) -> None:
    token.delete()


def revoke_all_tokens(user: AuthUser) -> int:
    """Delete every token of `user`; how many there were."""
    count, _ = AuthToken.objects.filter(user=user).delete()
    return count


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    """The token's place in the OpenAPI document: `Authorization: Token <key>`, under the
    name the document always gave it."""

    target_class = ExpiringTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        definition: dict[str, Any] = build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Token"
        )
        definition["description"] = (
            "`Token <key>`, the key from `POST /api/v1/auth/token/`; it expires (see "
            "`expires`) and `DELETE /api/v1/auth/token/` revokes it."
        )
        return definition
