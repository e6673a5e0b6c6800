"""The co-realisation endpoints of README.md, « The API », are in the OpenAPI document."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def schema(db: None) -> dict:
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_documents_every_co_realisation_endpoint_with_its_methods(schema: dict) -> None:
    paths = schema["paths"]
    expected = {
        "/api/v1/calls/": {"get"},
        "/api/v1/calls/{id}/": {"get"},
        "/api/v1/proposals/": {"get", "post"},
        "/api/v1/proposals/{id}/": {"get", "patch"},
        "/api/v1/proposals/{id}/transitions/": {"get"},
        "/api/v1/proposals/{id}/transitions/{name}/": {"post"},
        "/api/v1/proposals/{id}/reviews/": {"post"},
        "/api/v1/proposals/{id}/history/": {"get"},
        "/api/v1/proposals/{id}/documents/": {"get"},
        "/api/v1/proposals/{id}/tranches/": {"get"},
        "/api/v1/proposals/{id}/attachments/": {"post"},
        "/api/v1/tranches/{id}/transitions/{name}/": {"post"},
        "/api/v1/attachments/{id}/download/": {"get"},
        "/api/v1/tasks/": {"get"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), path
    assert "put" not in paths["/api/v1/proposals/{id}/"]
    assert "delete" not in paths["/api/v1/proposals/{id}/"]


def test_the_transition_endpoint_names_its_transitions_and_its_answers(schema: dict) -> None:
    operation = schema["paths"]["/api/v1/proposals/{id}/transitions/{name}/"]["post"]
    [name] = [p for p in operation["parameters"] if p["name"] == "name"]
    assert "approve" in name["schema"]["enum"]
    assert "send_to_committee" not in name["schema"]["enum"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(operation["responses"])
    body = schema["components"]["schemas"]["ProposalTransitionRequest"]["properties"]
    assert {"comment", "evaluators", "grant_amount", "expected_state"} <= set(body)


def test_the_attachment_upload_is_a_multipart_form(schema: dict) -> None:
    operation = schema["paths"]["/api/v1/proposals/{id}/attachments/"]["post"]
    assert list(operation["requestBody"]["content"]) == ["multipart/form-data"]
    download = schema["paths"]["/api/v1/attachments/{id}/download/"]["get"]
    assert "application/pdf" in download["responses"]["200"]["content"]


def test_the_proposal_list_documents_its_filters(schema: dict) -> None:
    listing = schema["paths"]["/api/v1/proposals/"]["get"]
    names = {parameter["name"] for parameter in listing["parameters"]}
    assert {"status", "call", "region", "sector", "association"} <= names
