"""An API page holds at most `NextPagination.max_page_size` rows, and the schema says so."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from processes.api.conventions import NextPagination
from registry.models import Expert


@pytest.mark.django_db
def test_the_schema_gives_every_page_size_its_bounds() -> None:
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    sizes = [
        parameter
        for path in response.json()["paths"].values()
        for operation in path.values()
        for parameter in operation.get("parameters", [])
        if parameter["name"] == "page_size"
    ]
    assert sizes
    for parameter in sizes:
        assert parameter["schema"] == {
            "type": "integer",
            "minimum": 1,
            "maximum": 200,
            "default": 50,
        }
        assert "reads as 200" in parameter["description"]


def test_a_page_size_over_the_maximum_reads_as_the_maximum(
    api_for: Any, officer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert Expert.objects.count() > 3
    monkeypatch.setattr(NextPagination, "max_page_size", 3)
    response = api_for(officer).get("/api/v1/experts/", {"page_size": 10**9})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3
    assert response.json()["next"]
