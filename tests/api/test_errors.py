"""Every error is JSON with a readable `detail`, in French unless English is asked for."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from registry.models import Association


def test_an_object_out_of_sight_is_not_found_in_french(
    api_for: Any, assoc_paris: Any, brussels_association: Any
) -> None:
    response = api_for(assoc_paris).get(f"/api/v1/associations/{brussels_association.pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Introuvable."}


def test_an_object_out_of_sight_is_not_found_in_english_when_asked(
    api_for: Any, assoc_paris: Any, brussels_association: Any
) -> None:
    response = api_for(assoc_paris).get(
        f"/api/v1/associations/{brussels_association.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_missing_login_is_explained_in_english_when_asked(cast: Any) -> None:
    response = APIClient().get("/api/v1/experts/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json()["detail"] == "Authentication credentials were not provided."


@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/v1/", "/api/v1/a/b/"])
def test_an_address_the_api_does_not_have_answers_json(
    api_for: Any, officer: Any, path: str
) -> None:
    response = api_for(officer).get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Introuvable."}


def test_a_missing_trailing_slash_still_redirects_to_the_endpoint(
    api_for: Any, officer: Any
) -> None:
    response = api_for(officer).get("/api/v1/associations", follow=True)
    assert response.status_code == 200
    assert "results" in response.json()


def test_a_method_the_endpoint_does_not_offer_is_refused_in_json(
    api_for: Any, officer: Any, paris_association: Any
) -> None:
    response = api_for(officer).put(
        f"/api/v1/associations/{paris_association.pk}/", {"city": "Nice"}, format="json"
    )
    assert response.status_code == 405
    assert response.json()["detail"]


def test_an_association_cannot_be_deleted_through_the_api(
    api_for: Any, officer: Any, paris_association: Any
) -> None:
    response = api_for(officer).delete(f"/api/v1/associations/{paris_association.pk}/")
    assert response.status_code == 405
    assert Association.objects.filter(pk=paris_association.pk).exists()


def test_a_body_that_is_not_json_is_a_400_with_a_detail(
    api_for: Any, officer: Any, paris_association: Any
) -> None:
    response = api_for(officer).patch(
        f"/api/v1/associations/{paris_association.pk}/",
        "{not json",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"]


def test_field_errors_come_under_errors_with_a_general_detail(api_for: Any, officer: Any) -> None:
    response = api_for(officer).post("/api/v1/associations/", {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Les données envoyées ne sont pas valides."
    assert body["errors"]["name"] == ["Ce champ est obligatoire."]


def test_an_invalid_filter_is_a_field_error(api_for: Any, officer: Any) -> None:
    response = api_for(officer).get("/api/v1/associations/", {"status": "dormant"})
    assert response.status_code == 400
    assert response.json()["errors"]["status"] == ["«\xa0dormant\xa0» n'est pas un choix valide."]
