"""Pieces every API endpoint shares: error documentation, file negotiation, and the
shapes of transition options and history rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request

from audit.labels import describe
from audit.models import HistoryEntry, Outcome, Source


class AnyAccept(DefaultContentNegotiation):
    """For the endpoints that stream a file: whatever `Accept` says, never 406.

    The file is served with its own type; an error answer (401, 404) is JSON.
    """

    def select_renderer(
        self,
        request: Request,
        renderers: Iterable[BaseRenderer],
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        choices = list(renderers)
        try:
            chosen: tuple[BaseRenderer, str] = super().select_renderer(
                request, choices, format_suffix
            )
        except NotAcceptable:
            return choices[0], choices[0].media_type
        return chosen


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer (documentation only)."""

    detail = serializers.CharField(help_text="Human-readable message, in the caller's language.")
    # Declared fields leave the class namespace (DRF's metaclass), so these names are free.
    errors = serializers.DictField(  # type: ignore[assignment]
        required=False,
        help_text="Field name -> list of messages (400 only); `non_field_errors` for the rest.",
    )
    reasons = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Every unmet condition, when there are several.",
    )


_ERROR_DESCRIPTIONS = {
    400: "Invalid payload (field errors under `errors`) or unmet conditions.",
    401: "Not authenticated.",
    403: "Visible, but the caller may not do this.",
    404: "Not found, or not visible to the caller.",
    409: "Not possible from the current state, or lost to a concurrent change.",
    413: "The request body is too large.",
    415: "The body is not in the media type the operation reads (JSON, or multipart for a file).",
    429: "Too many requests: wait before trying again.",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Schema entries for the error answers an endpoint may give."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=_ERROR_DESCRIPTIONS[code])
        for code in codes
    }


class ApiSchema(AutoSchema):
    """drf-spectacular's schema, plus the error answers every operation of a kind may give
    whatever its own declaration says: 401 where a login is needed, 400 on a list (its
    `cursor`), 415 where a body is read, 429 where requests are throttled."""

    def _get_serializer_name(
        self, serializer: Any, direction: Any, bypass_extensions: bool = False
    ) -> str:
        # A serializer named for a request already ends with "Request": not twice.
        name = str(super()._get_serializer_name(serializer, direction, bypass_extensions))
        return name.removesuffix("Request") if name.endswith("RequestRequest") else name

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation: dict[str, Any] | None = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            # An id in the path is digits (`ScopedViewSet.lookup_value_regex`): an integer.
            if parameter["in"] == "path" and parameter["schema"].get("pattern") == "^[0-9]+$":
                parameter["schema"] = {"type": "integer"}
        codes: list[int] = []
        security = operation.get("security")
        if security and {} not in security:
            codes.append(401)
        if any(p["name"] == "cursor" for p in operation.get("parameters", [])):
            codes.append(400)
        if "requestBody" in operation:
            codes.append(415)
        if self.view.get_throttles():
            codes.append(429)
        responses = operation["responses"]
        error = self.resolve_serializer(ErrorSerializer, "response").ref
        for code in codes:
            responses.setdefault(
                str(code),
                {
                    "content": {"application/json": {"schema": error}},
                    "description": _ERROR_DESCRIPTIONS[code],
                },
            )
        operation["responses"] = dict(sorted(responses.items()))
        return operation


# --- Transitions and history (the same shape for every process) -----------------


class TransitionOptionSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Pass it to `…/transitions/{name}/`.")
    label = serializers.CharField()  # type: ignore[assignment]


class HistoryRowSerializer(serializers.ModelSerializer):
    transition = serializers.CharField(source="action")
    source = serializers.CharField(  # type: ignore[assignment]
        source="source_state", help_text="State before."
    )
    target = serializers.CharField(source="target_state", help_text="State after.")
    by = serializers.CharField(source="by.username", allow_null=True, help_text="Username.")
    origin = serializers.ChoiceField(
        source="source", choices=Source.choices, help_text="Where the action came from."
    )
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, help_text="`refused` for an attempt that was turned down."
    )
    comment = serializers.SerializerMethodField(
        help_text="What the row says beyond its transition, in the request's language."
    )

    def get_comment(self, entry: HistoryEntry) -> str:
        return describe(entry)

    class Meta:
        model = HistoryEntry
        fields = ["transition", "source", "target", "by", "at", "comment", "origin", "outcome"]
        read_only_fields = fields
