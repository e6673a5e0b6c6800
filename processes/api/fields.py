"""Serializer fields and helpers every API shares."""

from __future__ import annotations

import json
from functools import reduce
from operator import and_
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from processes.table import COMMENT_MAX_LENGTH

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^[A-Z]{2}$",
        "example": "FR",
        "description": "ISO 3166-1 alpha-2.",
    }
)
class CountryCodeField(serializers.ChoiceField):
    """An ISO 3166-1 alpha-2 code; `fr` is read as `FR`."""

    default_error_messages = {
        "invalid_choice": _(
            "« {input} » n'est pas un code de pays ISO 3166-1 (deux lettres, ex. FR)."
        ),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=[code for code, _name in countries], **kwargs)

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, str):
            data = data.strip().upper()
        return str(super().to_internal_value(data))


def code_of(model: type[Any], unknown: StrOrPromise, **kwargs: Any) -> serializers.SlugRelatedField:
    """A related object named by its `code`; `unknown` is the message for a code that names none."""
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=model._default_manager.all(),
        error_messages={"does_not_exist": unknown},
        **kwargs,
    )


# The most a dictionary sent in a body holds (an assessment's answers, a review's scores):
# entries, characters in a key, and characters of the whole written as JSON.
DICT_MAX_ENTRIES = 100
DICT_KEY_MAX_LENGTH = 64


class BoundedDictField(serializers.DictField):
    """A dictionary of bounded size: free text kept in JSON is bounded like a text field."""

    default_error_messages = {
        "too_many": _("Au plus {limit} entrées."),
        "key_too_long": _("Une clé compte au plus {limit} caractères."),
        "too_long": _("Ces données comptent au plus {limit} caractères (écrites en JSON)."),
    }

    def __init__(self, *, max_chars: int = COMMENT_MAX_LENGTH, **kwargs: Any) -> None:
        self.max_chars = max_chars
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> dict[Any, Any]:
        if isinstance(data, dict):
            if len(data) > DICT_MAX_ENTRIES:
                self.fail("too_many", limit=DICT_MAX_ENTRIES)
            if any(len(str(key)) > DICT_KEY_MAX_LENGTH for key in data):
                self.fail("key_too_long", limit=DICT_KEY_MAX_LENGTH)
        value: dict[Any, Any] = super().to_internal_value(data)
        if len(json.dumps(value, ensure_ascii=False, default=str)) > self.max_chars:
            self.fail("too_long", limit=self.max_chars)
        return value


class ServiceWrittenSerializer(serializers.ModelSerializer):
    """Validates a payload; the view hands `validated_data` to a service."""

    def create(self, validated_data: Any) -> Any:
        raise NotImplementedError("Writes go through the services.")

    def update(self, instance: Any, validated_data: Any) -> Any:
        raise NotImplementedError("Writes go through the services.")


@extend_schema_field(OpenApiTypes.STR)
class StateField(serializers.ChoiceField):
    """A status, documented as a plain string: the status enum already names these choices."""


def edit_expected_state(choices: list[tuple[str, Any]]) -> StateField:
    """The status the caller of an edit saw: the service refuses the edit if it changed."""
    return StateField(
        choices=choices,
        required=False,
        write_only=True,
        help_text=(
            "The status the caller saw; if it changed since, the answer is 409 and nothing "
            "is saved."
        ),
    )


def given_filters(request: Request) -> dict[str, str]:
    """The query parameters that hold a value: an empty search box filters nothing."""
    given = {key: str(value) for key, value in request.query_params.items()}
    return {key: value for key, value in given.items() if value.strip()}


# The longest search a list takes, on its page as in the API (each word is one more test).
SEARCH_MAX_LENGTH = 100


def search_words(words: str, *fields: str) -> Q:
    """Every word must appear in one of `fields`."""
    terms = [
        reduce(lambda a, b: a | b, (Q(**{f"{field}__icontains": word}) for field in fields))
        for word in words.split()
    ]
    return reduce(and_, terms, Q())


# The largest id a database column holds (a signed 64-bit integer): a larger number in a
# filter is refused with a 400, where SQLite would fail with an overflow.
MAX_ID = 2**63 - 1


def id_filter(help_text: str) -> serializers.IntegerField:
    """An optional filter naming a row by its id."""
    return serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=help_text
    )


class ChoiceLabelField(serializers.CharField):
    """The label of a choice field's value (`status_label`), read only: each label is
    translated once per serializer (once per request), not once per row."""

    def __init__(self, choices: type[models.TextChoices], **kwargs: Any) -> None:
        self.choice_labels = choices
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    @cached_property
    def labels(self) -> dict[str, str]:
        return {str(value): str(label) for value, label in self.choice_labels.choices}

    def to_representation(self, value: Any) -> str:
        return self.labels.get(str(value), str(value))
