"""The API's own endpoints at the top of the house: the token exchange and the JSON 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from processes.api.schema import error_responses


@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other address under the API answers a JSON 404, not an HTML page,
    whatever the method and whoever asks. It changes nothing, so it needs no CSRF
    check: a write to a wrong address is a 404, not a CSRF refusal."""
    return JsonResponse({"detail": _("Introuvable.")}, status=status.HTTP_404_NOT_FOUND)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the token of the `Authorization` header."""

    # A browser already logged in must not need a CSRF token to ask for an API token.
    authentication_classes = ()
    parser_classes = (JSONParser,)

    @extend_schema(
        operation_id="auth_token_create",
        summary="Obtain an API token",
        description="Send it back as `Authorization: Token <token>`.",
        request=AuthTokenSerializer,
        responses={200: TokenSerializer, **error_responses(400)},
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().post(request, *args, **kwargs)
