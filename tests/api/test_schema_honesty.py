"""The OpenAPI document says what the answers hold: every field that may be null is
typed nullable, and a `documents/` list tells generated documents from attachments."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from rest_framework.test import APIClient


def _model_path_nullable(model: type[models.Model] | None, source: str) -> bool:
    """Whether the model attribute `source` ("embassy", "by.username") may be None: a
    nullable field, or any nullable relation on the way to it."""
    for part in source.split("."):
        if model is None:
            return False
        try:
            field = model._meta.get_field(part)
        except Exception:  # a property or a method: not a column
            return False
        if field.one_to_many or field.many_to_many:
            return False  # a list, empty rather than null
        if field.one_to_one and not field.concrete:
            return True  # the other side of a one-to-one may not exist yet
        if getattr(field, "null", False):
            return True
        model = field.related_model if field.is_relation else None
    return False


def _says_nullable(prop: dict[str, Any]) -> bool:
    if prop.get("nullable") or prop.get("type") == "null":
        return True
    options = prop.get("oneOf", []) + prop.get("anyOf", [])
    return any(
        option.get("nullable") or option.get("$ref", "").endswith("/NullEnum") for option in options
    )


def _components() -> list[ResolvedComponent]:
    generator = SchemaGenerator()
    generator.get_schema(request=None, public=True)
    return [
        component
        for component in generator.registry._components.values()
        if component.type == ResolvedComponent.SCHEMA
        and isinstance(component.object, serializers.BaseSerializer)
        and component.schema
        and "properties" in component.schema
    ]


def _may_be_null(serializer: serializers.BaseSerializer, name: str, field: Any) -> bool:
    if field.allow_null:
        return True
    if isinstance(field, serializers.SerializerMethodField | serializers.ManyRelatedField):
        return False
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    return field.source != "*" and _model_path_nullable(model, field.source)


@pytest.mark.django_db
def test_every_field_that_may_be_null_is_typed_nullable_in_the_schema() -> None:
    untyped = []
    checked = 0
    for component in _components():
        serializer = component.object
        request = component.name.endswith("Request")
        for name, field in serializer.fields.items():
            if (field.write_only and not request) or (field.read_only and request):
                continue
            prop = component.schema["properties"].get(name)
            if prop is None:
                continue
            checked += 1
            if _may_be_null(serializer, name, field) and not _says_nullable(prop):
                untyped.append(f"{component.name}.{name}")
    assert checked > 200
    assert untyped == [], "nullable in the code, not in the schema: " + ", ".join(untyped)


@pytest.mark.django_db
def test_an_expert_without_an_embassy_reads_as_the_schema_says(api_for: Any, officer: Any) -> None:
    from tests.factories import ExpertFactory

    expert: Any = ExpertFactory(country="AQ", city="Base", embassy=None)
    answer = api_for(officer).get(f"/api/v1/experts/{expert.pk}/")
    assert answer.status_code == 200
    assert answer.json()["embassy"] is None
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    assert _says_nullable(schema["components"]["schemas"]["Expert"]["properties"]["embassy"])
