"""List endpoints cost the same number of SQL queries for 5 rows as for 50."""

from __future__ import annotations

from typing import Any

import pytest

from registry.models import SectorChoice
from tests.factories import AssociationFactory, ExpertFactory

# Token lookup, roles, the page itself, and one prefetch of its many-to-many codes.
MAX_QUERIES = 4


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize("who", ["officer", "focal_paris", "assoc_paris"])
def test_the_association_list_costs_a_fixed_number_of_queries(
    persona: Any,
    token_client: Any,
    paris_embassy: Any,
    django_assert_max_num_queries: Any,
    who: str,
    rows: int,
) -> None:
    user = persona(who)
    sectors = list(SectorChoice.objects.all()[:3])
    for association in AssociationFactory.create_batch(rows, embassy=paris_embassy):
        association.sectors.set(sectors)
        association.memberships.create(user=user)
    client = token_client(user)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/api/v1/associations/", {"page_size": 100})
    assert response.status_code == 200
    assert len(response.json()["results"]) >= rows


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize("who", ["officer", "focal_paris", "evaluator1"])
def test_the_expert_directory_costs_a_fixed_number_of_queries(
    persona: Any,
    token_client: Any,
    paris_embassy: Any,
    django_assert_max_num_queries: Any,
    who: str,
    rows: int,
) -> None:
    ExpertFactory.create_batch(rows, embassy=paris_embassy, competences=["medicine", "engineering"])
    client = token_client(persona(who))
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/api/v1/experts/", {"page_size": 100})
    assert response.status_code == 200
    assert len(response.json()["results"]) >= rows
