"""API conventions shared by every endpoint: error shape, pagination.

DRF imports this module while it loads its settings, so it must not use DRF's
views or drf-spectacular's decorators: those live in `processes.api.schema`.
"""

from __future__ import annotations

import math
import re
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from processes.transitions import ActionRefused, ConditionsUnmet


def cursor_refused(parameter: str) -> ConditionsUnmet:
    """The 400 for a pagination cursor that no page of the list made."""
    return ConditionsUnmet(
        _("Ce curseur de pagination n'est pas valide : reprenez la liste depuis le début."),
        fields={parameter: [_("Utilisez l'adresse `next` d'une page précédente, telle quelle.")]},
    )


class NextPagination(CursorPagination):
    """`{"results": [...], "next": url|null}`: no count over the scoped table.

    `page_size` is read from 1 to `max_page_size`: a larger value reads as the maximum
    (and anything that is not a positive number as the default), so no request can
    ask for a whole table at once. A `cursor` the list did not make is a 400 that says
    so (DRF's own answer is a 404 the schema cannot foresee, and a position that is not
    an id a 500).
    """

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "-id"

    def decode_cursor(self, request: Any) -> Cursor | None:
        refusal = cursor_refused(self.cursor_query_param)
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is not None and not re.fullmatch(r"[A-Za-z0-9+/=_-]{1,200}", encoded):
            raise refusal
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound:
            raise refusal from None
        # The ordering is the id: a position is a whole number that fits in one.
        position = cursor.position if cursor is not None else None
        if position is not None and not re.fullmatch(r"-?[0-9]{1,18}", str(position)):
            raise refusal
        return cursor

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Rows per page, from 1 to {self.max_page_size} (default {self.page_size}); "
                    f"a larger value reads as {self.max_page_size}."
                )
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
            elif parameter["name"] == self.cursor_query_param:
                parameter["description"] = (
                    "The `next` address of a previous page carries it; any other value is a 400."
                )
        return parameters

    def get_paginated_response(self, data: Any) -> Response:
        return Response({"results": data, "next": self.get_next_link()})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["results", "next"],
            "properties": {
                "results": schema,
                "next": {"type": "string", "nullable": True, "format": "uri"},
            },
        }


# --- Errors -------------------------------------------------------------------


def _field_errors(detail: Any) -> dict[str, Any]:
    """Field name -> messages; errors that belong to no field go under `non_field_errors`."""
    if isinstance(detail, dict):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key): value
            for key, value in detail.items()
        }
    messages = detail if isinstance(detail, list) else [detail]
    return {api_settings.NON_FIELD_ERRORS_KEY: messages}


def _invalid_payload(errors: dict[str, Any]) -> dict[str, Any]:
    general = errors.get(api_settings.NON_FIELD_ERRORS_KEY)
    if general and len(errors) == 1:
        # Nothing to point at in the form: the reason itself is the message.
        detail = " ".join(str(message) for message in general)
    else:
        detail = _("Les données envoyées ne sont pas valides.")
    return {"detail": detail, "errors": errors}


def _throttled(wait: float | None) -> exceptions.Throttled:
    """429 in words, with Retry-After (set by DRF from `wait`)."""
    seconds = max(1, math.ceil(wait or 1))
    message = ngettext(
        "Trop de requêtes : réessayez dans %(seconds)d seconde.",
        "Trop de requêtes : réessayez dans %(seconds)d secondes.",
        seconds,
    ) % {"seconds": seconds}
    throttled = exceptions.Throttled(wait=seconds)
    throttled.detail = exceptions.ErrorDetail(message, code="throttled")
    return throttled


def _unsupported_body(context: dict[str, Any]) -> str:
    """What a 415 asks for: JSON, or multipart where a file is uploaded."""
    request = context.get("request")
    types = {parser.media_type for parser in getattr(request, "parsers", None) or ()}
    if "multipart/form-data" in types:
        return _("Envoyez le fichier en multipart/form-data (Content-Type: multipart/form-data).")
    return _("Envoyez le corps de la requête en JSON (Content-Type: application/json).")


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error is JSON with a readable `detail`; field errors go under `errors`."""
    if isinstance(exc, ActionRefused):
        body: dict[str, Any] = {"detail": exc.detail}
        if len(exc.messages) > 1:
            body["reasons"] = exc.messages
        if exc.fields:
            body["errors"] = exc.fields
        elif exc.status == status.HTTP_400_BAD_REQUEST:
            body["errors"] = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        # Raised by a service's full_clean(): the model's own rules.
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Introuvable."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, exceptions.Throttled):
        exc = _throttled(getattr(exc, "wait", None))
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        media_type = str(getattr(context.get("request"), "content_type", ""))
        exc = exceptions.UnsupportedMediaType(media_type, _unsupported_body(context))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _invalid_payload(_field_errors(response.data))
        response.status_code = status.HTTP_400_BAD_REQUEST
    elif isinstance(response.data, dict) and "detail" not in response.data:
        response.data = {"detail": str(response.data)}
    return response
