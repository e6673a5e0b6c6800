"""The missions' endpoints of README.md, « The API », are in the OpenAPI document."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def schema(db: None) -> dict:
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_documents_every_missions_endpoint_with_its_methods(schema: dict) -> None:
    paths = schema["paths"]
    expected = {
        "/api/v1/mission-needs/": {"get", "post"},
        "/api/v1/mission-needs/{id}/": {"get", "patch"},
        "/api/v1/mission-needs/{id}/transitions/": {"get"},
        "/api/v1/mission-needs/{id}/transitions/{name}/": {"post"},
        "/api/v1/mission-needs/{id}/history/": {"get"},
        "/api/v1/mission-needs/{id}/attachments/": {"get", "post"},
        "/api/v1/mission-needs/{id}/attachments/{piece}/download/": {"get"},
        "/api/v1/mission-needs/{id}/candidates/": {"get"},
        "/api/v1/missions/": {"get", "post"},
        "/api/v1/missions/{id}/": {"get"},
        "/api/v1/missions/{id}/transitions/": {"get"},
        "/api/v1/missions/{id}/transitions/{name}/": {"post"},
        "/api/v1/missions/{id}/history/": {"get"},
        "/api/v1/missions/{id}/documents/": {"get"},
        "/api/v1/missions/{id}/attachments/": {"get", "post"},
        "/api/v1/missions/{id}/attachments/{piece}/download/": {"get"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert set(paths[path]) - {"parameters"} == methods, path


def test_the_transition_endpoints_name_their_transitions_and_bodies(schema: dict) -> None:
    def names(path: str) -> list[str]:
        operation = schema["paths"][path]["post"]
        [name] = [p for p in operation["parameters"] if p["name"] == "name"]
        return list(name["schema"]["enum"])

    need = names("/api/v1/mission-needs/{id}/transitions/{name}/")
    assert sorted(need) == ["cancel", "close", "publish", "send_back", "submit"]
    mission = names("/api/v1/missions/{id}/transitions/{name}/")
    assert set(mission) == {
        "accept",
        "shortlist",
        "select",
        "approve",
        "start",
        "report",
        "certify",
        "decline",
        "withdraw",
        "cancel",
    }
    components = schema["components"]["schemas"]
    body = components["MissionTransitionRequest"]["properties"]
    assert {"report", "students", "patients", "difficulties", "rating", "comment"} <= set(body)
    assert body["students"]["minimum"] == 0
    assert components["RatingEnum"]["enum"] == ["1", "2", "3", "4", "5"]
    assert "expected_state" in components["MissionNeedTransitionRequest"]["properties"]


def test_the_answers_name_their_shapes(schema: dict) -> None:
    components = schema["components"]["schemas"]
    need = components["MissionNeed"]["properties"]
    assert {"id", "kind", "status", "status_label", "title", "domains", "host", "host_name"} <= set(
        need
    )
    mission = components["Mission"]["properties"]
    assert {"need", "need_title", "expert", "reports", "approved_at", "certified_at"} <= set(
        mission
    )
    expert = components["MissionExpert"]
    assert "email" not in expert.get("required", [])
    candidate = components["MissionCandidate"]["properties"]
    assert set(candidate) == {"expert", "score", "reasons"}
    listing = schema["paths"]["/api/v1/mission-needs/"]["get"]
    filters = {p["name"]: p for p in listing["parameters"]}
    assert {"status", "kind", "cursor", "page_size"} <= set(filters)
