"""The difficulties' endpoints of README.md, « The API », are in the OpenAPI document:
the public ones open to anyone (no security), the staff's behind a token or session."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.difficulties.test_api_public import SHOWN


@pytest.fixture
def schema(db: None) -> dict:
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


PUBLIC = {
    "/api/v1/public/difficulties/": {"post"},
    "/api/v1/public/difficulties/{tracking_code}/": {"get"},
    "/api/v1/public/difficulties/{tracking_code}/feedback/": {"post"},
}
STAFF = {
    "/api/v1/difficulties/": {"get", "post"},
    "/api/v1/difficulties/{id}/": {"get"},
    "/api/v1/difficulties/{id}/transitions/": {"get"},
    "/api/v1/difficulties/{id}/transitions/{name}/": {"post"},
    "/api/v1/difficulties/{id}/history/": {"get"},
    "/api/v1/difficulties/{id}/attachments/": {"get", "post"},
    "/api/v1/difficulties/{id}/attachments/{piece}/download/": {"get"},
}


def test_the_schema_documents_every_difficulties_endpoint_with_its_methods(schema: dict) -> None:
    paths = schema["paths"]
    for path, methods in {**PUBLIC, **STAFF}.items():
        assert path in paths, path
        assert set(paths[path]) - {"parameters"} == methods, path


def test_the_public_endpoints_need_no_credentials_and_the_staffs_do(schema: dict) -> None:
    for path, methods in PUBLIC.items():
        for method in methods:
            operation = schema["paths"][path][method]
            assert operation["security"] == [{}], (path, method)
            assert "401" not in operation["responses"]
            assert "429" in operation["responses"]
    for path, methods in STAFF.items():
        for method in methods:
            operation = schema["paths"][path][method]
            assert {} not in operation["security"], (path, method)


def test_the_transitions_are_named_and_resolve_is_not_among_them(schema: dict) -> None:
    operation = schema["paths"]["/api/v1/difficulties/{id}/transitions/{name}/"]["post"]
    [name] = [p for p in operation["parameters"] if p["name"] == "name"]
    assert sorted(name["schema"]["enum"]) == [
        "answer",
        "close",
        "confirm",
        "merge",
        "qualify",
        "refer",
        "reject",
    ]
    body = schema["components"]["schemas"]["DifficultyTransitionRequest"]["properties"]
    assert {"administration", "due_date", "answer", "into", "reason"} <= set(body)


def test_the_public_report_shows_nothing_personal_in_the_schema(schema: dict) -> None:
    shown = schema["components"]["schemas"]["PublicDifficulty"]["properties"]
    assert set(shown) == SHOWN
