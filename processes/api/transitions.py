"""The API side of a process's transition table: the request body and its schema,
the options a caller may fire, the path parameter, and the firing itself.

A process's viewset keeps its own `@extend_schema` texts and calls these; the
body, the limits and the names all come from the table.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from audit.models import Source
from processes.api.fields import StateField
from processes.api.schema import TransitionOptionSerializer
from processes.table import MAX_AMOUNT, Input, InputKind, TransitionTable


class TransitionOptionWithInputsSerializer(TransitionOptionSerializer):
    inputs = serializers.ListField(
        child=serializers.CharField(),
        help_text="Body fields this transition reads (besides `expected_state`).",
    )


def _backticked(names: list[str]) -> str:
    quoted = [f"`{name}`" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _help(table: TransitionTable[Any], spec: Input) -> str:
    users = [str(r.name) for r in table if r.input(spec.name) is not None]
    if spec.name == "comment" and spec.help_text:
        return spec.help_text
    if spec.name == "comment":
        required = [str(r.name) for r in table if r.comment_required and r.input("comment")]
        return f"Required by {_backticked(required)}." if required else "Optional."
    text = spec.help_text or str(spec.name)
    return f"{_backticked(users)}: {text}"


def _api_field(table: TransitionTable[Any], spec: Input) -> serializers.Field:
    help_text = _help(table, spec)
    # Choices kept as data (a callable, read when a form is built) are taken as text by
    # the API: the service names (and records) a code that is not offered.
    if spec.kind in (InputKind.TEXT, InputKind.LONG_TEXT) or (
        spec.kind == InputKind.CHOICE and callable(spec.choices)
    ):
        return serializers.CharField(
            required=False,
            allow_blank=True,
            default="",
            max_length=spec.max_length,
            help_text=help_text,
        )
    if spec.kind == InputKind.AMOUNT:
        # No floor here: the service refuses a negative amount in words, and records it.
        return serializers.IntegerField(
            required=False, allow_null=True, max_value=MAX_AMOUNT, help_text=help_text
        )
    if spec.kind == InputKind.COUNT:
        return serializers.IntegerField(
            required=False,
            allow_null=True,
            min_value=0,
            max_value=spec.max_value,
            help_text=help_text,
        )
    if spec.kind == InputKind.DATE:
        return serializers.DateField(required=False, allow_null=True, help_text=help_text)
    if spec.kind == InputKind.CHOICE:
        return serializers.ChoiceField(
            choices=spec.choice_list(), required=False, allow_blank=True, help_text=help_text
        )
    if spec.kind == InputKind.USERNAMES:
        # The service names (and records) a username that is no one's.
        return serializers.ListField(
            child=serializers.CharField(), required=False, help_text=help_text
        )
    raise ValueError(spec.kind)  # pragma: no cover - FILE inputs are page-only


def transition_request_serializer(
    table: TransitionTable[Any],
    *,
    status_of: str = "",
    expected_state_help: str = "",
) -> type[serializers.Serializer]:
    """The body of `POST …/transitions/{name}/` for every transition of `table`: the
    union of their API inputs, each with the limits its row declares, and the state
    the caller saw (`status_of="tranche"`: "The tranche status the caller saw…", unless
    `expected_state_help` says it otherwise). Its schema component is named for the
    model (`ProposalTransitionRequest`)."""
    status = f"{status_of} status" if status_of else "status"
    expected_state_help = expected_state_help or (
        f"The {status} the caller saw; if it changed since, the answer is 409 and nothing happens."
    )
    fields: dict[str, Any] = {}
    for row in table:
        for spec in row.inputs:
            if spec.api and spec.kind != InputKind.FILE and spec.name not in fields:
                fields[spec.name] = _api_field(table, spec)
    states = table.model._meta.get_field(table.state_field).choices
    fields["expected_state"] = StateField(
        choices=states, required=False, help_text=expected_state_help
    )
    name = f"{table.model.__name__}TransitionRequest"
    serializer: type[serializers.Serializer] = type(
        name, (serializers.Serializer,), {**fields, "__module__": __name__}
    )
    return serializer


def transition_name_parameter(names: list[str]) -> OpenApiParameter:
    return OpenApiParameter(
        "name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=names, description="Transition."
    )


def transition_options(table: TransitionTable[Any], user: Any, obj: Any) -> list[dict[str, Any]]:
    """What the caller may fire now, in the table's (the lifecycle's) order."""
    return [
        {
            "name": str(row.name),
            "label": str(row.label),
            "inputs": [i.name for i in row.inputs if i.api and i.kind != InputKind.FILE],
        }
        for row in table.available(user, obj)
    ]


def fire_from_request(
    table: TransitionTable[Any],
    name: str,
    *,
    obj: Any,
    request: Request,
    body: type[serializers.Serializer],
) -> Any:
    """Check the name and the body, then fire through the table's dispatcher."""
    if name not in table or not table[name].offered:
        raise NotFound(gettext("Action inconnue : « %(name)s ».") % {"name": name})
    given = body(data=request.data)
    given.is_valid(raise_exception=True)
    return table.fire(
        name, obj=obj, by=request.user, source=Source.API, data=dict(given.validated_data)
    )
