"""What an API view does with a request before handing it to a service: read the query
parameters that hold a value, refuse by role first, and validate a body that a
service, not the serializer, writes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.request import Request

from processes.transitions import Decision, NotAllowed


def given(request: Request) -> dict[str, str]:
    """The query parameters that hold a value: an empty search box filters nothing."""
    given = {key: str(value) for key, value in request.query_params.items()}
    return {key: value for key, value in given.items() if value.strip()}


def deny_unless(decision: Decision) -> None:
    """403 with the decision's reason, before the body is even looked at."""
    if not decision:
        raise NotAllowed(decision.reason)


class ServiceWrittenSerializer(serializers.ModelSerializer):
    """Validates a payload; the view hands `validated_data` to a service."""

    def create(self, validated_data: Any) -> Any:
        raise NotImplementedError("Writes go through the process's services.")

    def update(self, instance: Any, validated_data: Any) -> Any:
        raise NotImplementedError("Writes go through the process's services.")
