"""What the case API's serializers share: the fields of codes, users and answers,
and the left-out sensitive parts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from cases import access
from cases.models import (
    AssistanceKind,
    Case,
    CaseStatus,
    Vulnerability,
    validate_vulnerabilities,
)
from processes.api.fields import DICT_MAX_ENTRIES, BoundedDictField
from processes.table import COMMENT_MAX_LENGTH

SENSITIVE_NOTE = (
    "Sensitive: present only for the case's caseworker and the supervisors, "
    "left out of the answer for anyone else."
)


def sees_sensitive(serializer: serializers.BaseSerializer, case: Case) -> bool:
    """Without a request to say who asks, nothing sensitive goes out."""
    request = serializer.context.get("request")
    user = getattr(request, "user", None)
    return user is not None and access.sees_sensitive(user, case)


def without(data: Any, names: Iterable[str]) -> dict[str, Any]:
    shown = dict(data)
    for name in names:
        shown.pop(name, None)
    return shown


# --- Fields -------------------------------------------------------------------


@extend_schema_field({"type": "string", "nullable": True, "description": "Username."})
class UsernameField(serializers.CharField):
    """A user named by its username; the service checks the name."""

    def to_representation(self, value: Any) -> str:
        return str(value.get_username())


class VulnerabilitiesField(serializers.ListField):
    """Vulnerability codes; an unknown one is named in the message."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.ChoiceField(choices=Vulnerability.choices), **kwargs)

    def to_internal_value(self, data: Any) -> list[str]:
        try:
            validate_vulnerabilities(data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return list(dict.fromkeys(super().to_internal_value(data)))


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1},
        "maxProperties": DICT_MAX_ENTRIES,
        "example": {"income": 0.5, "housing": 1},
        "description": "Indicator code -> answer from 0 to 1 (see `/survey-indicators/`).",
    }
)
class SurveyAnswersField(BoundedDictField):
    """Left to the service, which names each unknown code and out-of-range answer."""


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": True,
        "maxProperties": DICT_MAX_ENTRIES,
        "description": (
            f"Structured answers, question -> answer; at most {COMMENT_MAX_LENGTH} "
            "characters written as JSON."
        ),
    }
)
class AnswersField(BoundedDictField):
    pass


def _codes_schema(choices: type[Any], what: str) -> dict[str, Any]:
    # A plain string whose codes are listed: the same codes under two field names (a plan
    # item's `kind`, a referral's `service`), or a `status` shared by the list and the
    # detail answers, would otherwise get guessed enum names in the schema.
    codes = ", ".join(f"`{code}`" for code in choices.values)
    return {"type": "string", "description": f"{what}: {codes}."}


@extend_schema_field(_codes_schema(CaseStatus, "Status of the case"))
class CaseStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=CaseStatus.choices, **kwargs)


@extend_schema_field(_codes_schema(AssistanceKind, "Kind of assistance"))
class AssistanceKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=AssistanceKind.choices, **kwargs)
