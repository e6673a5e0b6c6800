"""Every free text has a bound: the models declare it, the pages and the API refuse more."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models

from registry.models import Association, AssociationStatus

PROJECT_APPS = ("accounts", "audit", "documents", "processes", "registry", "workflows", "cases")
# Texts that no form or request body fills, each with what bounds it instead.
NOT_INPUTS = {
    # Written by the services from inputs bounded at their forms and serializers.
    ("audit", "HistoryEntry", "comment"),
    # A CSV file kept as uploaded: bounded in bytes by REGISTRY_IMPORT_MAX_BYTES.
    ("registry", "ImportBatch", "content"),
}

MEGABYTE = "x" * 1_000_000


def _texts() -> list[tuple[str, str, models.Field[Any, Any]]]:
    return [
        (model._meta.app_label, model.__name__, field)
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
    ]


def test_every_text_field_of_the_project_has_a_maximum_length() -> None:
    unbounded = [
        f"{app}.{model}.{field.name}"
        for app, model, field in _texts()
        if field.max_length is None and (app, model, field.name) not in NOT_INPUTS
    ]
    assert _texts(), "the walk found no text field at all"
    assert unbounded == []


def test_the_demo_cast_fits_within_every_bound(cast: Any) -> None:
    too_long = []
    for app, model_name, field in _texts():
        if field.max_length is None:
            continue
        model = apps.get_model(app, model_name)
        for pk, value in model._default_manager.values_list("pk", field.name):
            if value is not None and len(str(value)) > field.max_length:
                too_long.append(f"{app}.{model_name}#{pk}.{field.name}")
    assert too_long == []


def test_a_megabyte_rejection_reason_is_refused_in_words_and_the_association_stays_pending(
    api_for: Any, focal_paris: Any, pending_paris_association: Association
) -> None:
    response = api_for(focal_paris).post(
        f"/api/v1/associations/{pending_paris_association.pk}/transitions/reject/",
        {"comment": MEGABYTE},
        format="json",
    )
    assert response.status_code == 400
    assert "4000" in " ".join(response.json()["errors"]["comment"])
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == AssociationStatus.PENDING
    assert pending_paris_association.status_comment == ""


def test_a_search_longer_than_its_bound_is_refused_in_words(api_for: Any, officer: Any) -> None:
    response = api_for(officer).get("/api/v1/experts/", {"q": "mot " * 10_000})
    assert response.status_code == 400
    assert "100" in " ".join(response.json()["errors"]["q"])
