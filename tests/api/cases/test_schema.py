"""Every case endpoint of the contract is in the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def paths(db: None) -> dict[str, Any]:
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()["paths"]


def test_the_schema_documents_every_case_endpoint_of_the_contract(paths: dict[str, Any]) -> None:
    expected = {
        "/api/v1/cases/": {"get", "post"},
        "/api/v1/cases/{id}/": {"get", "patch"},
        "/api/v1/cases/{id}/assessment/": {"put"},
        "/api/v1/cases/{id}/plan-items/": {"post"},
        "/api/v1/cases/{id}/referrals/": {"post"},
        "/api/v1/cases/{id}/follow-ups/": {"post"},
        "/api/v1/cases/{id}/transfer/": {"post"},
        "/api/v1/cases/{id}/transitions/": {"get"},
        "/api/v1/cases/{id}/transitions/{name}/": {"post"},
        "/api/v1/cases/{id}/history/": {"get"},
        "/api/v1/cases/{id}/documents/": {"get"},
        "/api/v1/referrals/{id}/transitions/{name}/": {"post"},
        "/api/v1/survey-indicators/": {"get"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), path


def test_the_case_list_documents_its_filters_and_the_intake_its_fields(
    paths: dict[str, Any],
) -> None:
    listing = paths["/api/v1/cases/"]["get"]
    assert {"status", "region", "caseworker", "overdue"} <= {
        parameter["name"] for parameter in listing["parameters"]
    }
    fire = paths["/api/v1/cases/{id}/transitions/{name}/"]["post"]
    name = next(p for p in fire["parameters"] if p["name"] == "name")
    assert set(name["schema"]["enum"]) == {
        "start_assessment",
        "submit_plan",
        "return_plan",
        "approve_plan",
        "start_follow_up",
        "request_closure",
        "approve_closure",
        "refuse_closure",
        "reopen",
    }
    assert {"400", "401", "403", "404", "409"} <= set(fire["responses"])
    referral = paths["/api/v1/referrals/{id}/transitions/{name}/"]["post"]
    name = next(p for p in referral["parameters"] if p["name"] == "name")
    assert set(name["schema"]["enum"]) == {"accept", "decline", "complete"}


def test_the_sensitive_fields_are_documented_as_optional(db: None) -> None:
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schemas = response.json()["components"]["schemas"]
    for component in ("Case", "CaseDetail"):
        assert {"vulnerabilities", "health_notes"} <= set(schemas[component]["properties"])
        assert not {"vulnerabilities", "health_notes"} & set(schemas[component]["required"])
    assessment = schemas["Assessment"]
    assert not {"psychosocial_notes", "psychosocial_answers"} & set(assessment.get("required", []))
