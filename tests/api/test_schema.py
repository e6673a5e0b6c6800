"""The OpenAPI document and its Swagger page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient


@pytest.mark.django_db
def test_the_schema_is_an_openapi_3_document_that_validates() -> None:
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    validate_schema(document)


@pytest.mark.django_db
def test_the_schema_documents_every_registry_endpoint_of_the_contract() -> None:
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    assert {
        "/api/v1/auth/token/",
        "/api/v1/associations/",
        "/api/v1/associations/{id}/",
        "/api/v1/associations/{id}/transitions/",
        "/api/v1/associations/{id}/transitions/{name}/",
        "/api/v1/associations/{id}/history/",
        "/api/v1/experts/",
        "/api/v1/experts/{id}/",
    } <= set(paths)
    assert set(paths["/api/v1/associations/{id}/"]) >= {"get", "patch"}
    assert "put" not in paths["/api/v1/associations/{id}/"]
    listing = paths["/api/v1/associations/"]["get"]
    assert {"status", "country", "sector", "embassy", "home_region", "q"} <= {
        parameter["name"] for parameter in listing["parameters"]
    }


@pytest.mark.django_db
def test_the_schema_generates_without_a_single_warning(tmp_path: Path) -> None:
    # --fail-on-warn turns any vague or guessed part of the schema into an error.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    assert "/api/v1/associations/{id}/history/" in (tmp_path / "schema.yml").read_text()


@pytest.mark.django_db
def test_the_swagger_page_is_served_with_the_apps_own_assets(client: Any) -> None:
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css" in html
    assert "/api/v1/schema/" in html
    for cdn in ("cdn.jsdelivr.net", "unpkg.com", "cdnjs"):
        assert cdn not in html
