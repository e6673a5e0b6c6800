"""The API's own endpoints at the top of the house: the token exchange and revocation,
and the JSON 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.lockout import LOCKED_STATUS, lockout_message, seconds_left, unlocked_at
from accounts.tokens import ExpiringTokenAuthentication, issue_token, revoke_token
from accounts.two_factor import second_factor_problem
from audit.models import SecurityEventKind
from audit.security import record_event
from processes.api.parsers import JSONParser
from processes.api.schema import ErrorSerializer, error_responses


@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other address under the API answers a JSON 404, not an HTML page,
    whatever the method and whoever asks. It changes nothing, so it needs no CSRF
    check: a write to a wrong address is a 404, not a CSRF refusal."""
    return JsonResponse({"detail": _("Introuvable.")}, status=status.HTTP_404_NOT_FOUND)


class AuthTokenRequestSerializer(AuthTokenSerializer):
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=8,
        help_text="The current six-digit code, for an account with a second factor.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text="Shown once; stored only hashed.")
    expires = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When the token stops opening the API."
    )


# Exchanges a username and password for a token (POST); revokes the token the request is
# made with (DELETE). No docstring: the schema would read it as each operation's text.
class TokenView(APIView):
    permission_classes = (AllowAny,)
    throttle_scope = "auth_token"
    parser_classes = (JSONParser,)

    def get_authenticators(self) -> list[Any]:
        # Asking for a token takes no credentials but the body's (a browser already
        # signed in needs no CSRF token); revoking one takes that very token.
        request = getattr(self, "request", None)
        if request is not None and request.method == "POST":
            return []
        return [ExpiringTokenAuthentication()]

    @extend_schema(
        operation_id="auth_token_create",
        summary="Obtain an API token",
        description=(
            "Send it back as `Authorization: Token <token>` until `expires`. After "
            "repeated wrong passwords for a username or from an address, logins are "
            "refused for a while, the right password too (429, with Retry-After). An "
            "account with a second factor also sends its current code as `otp`."
        ),
        request=AuthTokenRequestSerializer,
        responses={
            200: TokenSerializer,
            **error_responses(400),
            429: OpenApiResponse(ErrorSerializer, description="Too many attempts."),
        },
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = AuthTokenRequestSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False):
                until = unlocked_at(request, {"username": serializer.initial_data.get("username")})
                return Response(
                    {"detail": lockout_message(until)},
                    status=LOCKED_STATUS,
                    headers={"Retry-After": str(seconds_left(until))},
                )
            raise ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        problem = second_factor_problem(user, serializer.validated_data.get("otp", ""))
        if problem:
            record_event(SecurityEventKind.LOGIN_FAILED, request=request, user=user, detail=problem)
            raise ValidationError({"otp": [problem]})
        key, expires = issue_token(user)
        record_event(SecurityEventKind.TOKEN_CREATED, request=request, user=user)
        return Response(TokenSerializer({"token": key, "expires": expires}).data)

    @extend_schema(
        operation_id="auth_token_revoke",
        summary="Revoke the API token this request is made with",
        description="The token stops opening the API at once; the caller's other tokens stay.",
        request=None,
        auth=[{"tokenAuth": []}],  # type: ignore[list-item]  # a security requirement
        responses={204: None, **error_responses(401)},
        tags=["auth"],
    )
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not isinstance(request.auth, AuthToken):
            raise NotAuthenticated()
        revoke_token(request.auth)
        record_event(SecurityEventKind.TOKEN_REVOKED, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)
