"""What every stats endpoint shares: who may call it, its filters read and refused in
words, and their documentation."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request

from observatory.access import Scope, refusal, scope_of
from observatory.filters import StatsFilterForm, StatsFilters
from processes.api.fields import given_filters
from processes.transitions import ConditionsUnmet, NotAllowed

_PARAMETERS = {
    "call": OpenApiParameter(
        "call", OpenApiTypes.INT, description="A call for proposals, by its id."
    ),
    "year": OpenApiParameter(
        "year", OpenApiTypes.INT, description="The year of the calls (2000 to 2100)."
    ),
    "region": OpenApiParameter(
        "region", OpenApiTypes.STR, description="A region of Togo, by its code (`plateaux`)."
    ),
    "embassy": OpenApiParameter(
        "embassy",
        OpenApiTypes.STR,
        description="An embassy, by its code (`paris`): its jurisdiction's associations.",
    ),
}


def counts_field(help_text: str) -> serializers.DictField:
    """A breakdown of an answer's documentation: {code: count}."""
    return serializers.DictField(child=serializers.IntegerField(), help_text=help_text)


def filter_parameters(*names: str) -> list[OpenApiParameter]:
    """The schema's query parameters of the filters an endpoint reads."""
    return [_PARAMETERS[name] for name in names]


def observer_scope(request: Request) -> Scope:
    """The caller's scope; 403 for a signed-in user the observatory is not for."""
    scope = scope_of(request.user)
    if scope is None:
        raise NotAllowed(refusal())
    return scope


def stats_filters(request: Request) -> StatsFilters:
    """The query string's filters; 400 naming each refused value and why."""
    form = StatsFilterForm(given_filters(request))
    if not form.is_valid():
        raise ConditionsUnmet(
            [
                f"{form.fields[name].label} : {message}"
                for name, messages in form.errors.items()
                for message in messages
            ],
            fields={
                name: [str(message) for message in messages]
                for name, messages in form.errors.items()
            },
        )
    return StatsFilters.from_form(form)
