"""The API reads JSON; a file is uploaded as multipart, and only where a file is taken."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from config.views import csrf_failure
from tests.workflows.builders import make_proposal, pdf_upload


@pytest.mark.parametrize("body_format", ["multipart", "form"])
def test_a_form_sent_where_json_is_read_is_refused_with_415_and_a_json_message(
    api_for: Any, officer: Any, cast: dict[str, Any], body_format: str
) -> None:
    client = api_for(officer)
    body = {"name": "Les amis de Kpalimé", "acronym": "ADK"}
    if body_format == "form":
        response = client.post(
            "/api/v1/associations/",
            "name=Les+amis+de+Kpalim%C3%A9&acronym=ADK",
            content_type="application/x-www-form-urlencoded",
        )
    else:
        response = client.post("/api/v1/associations/", body, format="multipart")
    assert response.status_code == 415
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == (
        "Envoyez le corps de la requête en JSON (Content-Type: application/json)."
    )


def test_the_415_message_is_in_english_when_asked(api_for: Any, officer: Any) -> None:
    response = api_for(officer).post(
        "/api/v1/associations/", {"name": "x"}, format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 415
    assert response.json()["detail"] == (
        "Send the request body as JSON (Content-Type: application/json)."
    )


def test_the_token_exchange_reads_json_only(cast: dict[str, Any]) -> None:
    form = APIClient().post(
        "/api/v1/auth/token/", {"username": "officer", "password": "demo"}, format="multipart"
    )
    assert form.status_code == 415
    sent = APIClient().post(
        "/api/v1/auth/token/", {"username": "officer", "password": "demo"}, format="json"
    )
    assert sent.status_code == 200
    assert sent.json()["token"]


def test_a_file_upload_sent_as_json_is_refused_with_415(
    api_for: Any, assoc_paris: Any, cast: dict[str, Any]
) -> None:
    draft = make_proposal(association=cast["paris"], by=assoc_paris)
    response = api_for(assoc_paris).post(
        f"/api/v1/proposals/{draft.pk}/attachments/", {"kind": "other"}, format="json"
    )
    assert response.status_code == 415
    assert "multipart/form-data" in response.json()["detail"]


def test_a_file_upload_is_still_taken_as_multipart(
    api_for: Any, assoc_paris: Any, cast: dict[str, Any]
) -> None:
    draft = make_proposal(association=cast["paris"], by=assoc_paris)
    response = api_for(assoc_paris).post(
        f"/api/v1/proposals/{draft.pk}/attachments/",
        {"file": pdf_upload("devis.pdf")},
        format="multipart",
    )
    assert response.status_code == 201, response.content


@pytest.mark.django_db
def test_the_schema_declares_json_bodies_and_multipart_only_for_uploads() -> None:
    document = APIClient().get("/api/v1/schema/?format=json").json()
    uploads = set()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody")
            if body is None:
                continue
            types = set(body["content"])
            if "multipart/form-data" in types:
                uploads.add(f"{method.upper()} {path}")
                assert types == {"multipart/form-data"}, (method, path)
            else:
                assert types == {"application/json"}, (method, path, types)
    assert uploads == {
        "POST /api/v1/proposals/{id}/attachments/",
        "POST /api/v1/cases/{id}/attachments/",
        "POST /api/v1/mission-needs/{id}/attachments/",
        "POST /api/v1/missions/{id}/attachments/",
        "POST /api/v1/difficulties/{id}/attachments/",
    }


# --- Addresses the API does not have ---------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nope/",
        "/api/v1/proposals/abc/transitions/x/",
        "/api/v1/cases/1/x/y/",
        "/api/v1/cases/%0AX/attachments/",
    ],
)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_to_an_address_the_api_does_not_have_is_a_json_404_not_a_csrf_page(
    officer: Any, path: str, method: str
) -> None:
    for client in (APIClient(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)):
        if client.__class__ is Client:
            client.force_login(officer)
        response = getattr(client, method)(path, "{}", content_type="application/json")
        assert response.status_code == 404, (method, path, response.content[:80])
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == {"detail": "Introuvable."}


def test_a_refused_csrf_check_under_the_api_answers_json(cast: dict[str, Any]) -> None:
    response = csrf_failure(RequestFactory().post("/api/v1/schema/"), reason="no cookie")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["detail"]
    page = csrf_failure(RequestFactory().post("/registry/"), reason="no cookie")
    assert page.status_code == 403
    assert page["Content-Type"].startswith("text/html")


# --- Paging cursors --------------------------------------------------------------


@pytest.mark.parametrize("cursor", ["abc", "cD1hYmM=", "bz0tMQ==", "%C3%A9t%C3%A9"])
@pytest.mark.parametrize("path", ["/api/v1/proposals/", "/api/v1/associations/"])
def test_a_cursor_the_list_did_not_make_is_a_400_with_a_readable_message(
    api_for: Any, officer: Any, path: str, cursor: str
) -> None:
    response = api_for(officer).get(f"{path}?cursor={cursor}")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == (
        "Ce curseur de pagination n'est pas valide : reprenez la liste depuis le début."
    )
    assert body["errors"]["cursor"]


def test_a_cursor_the_list_made_still_pages(api_for: Any, officer: Any) -> None:
    client = api_for(officer)
    first = client.get("/api/v1/associations/?page_size=1").json()
    assert first["next"]
    second = client.get(first["next"])
    assert second.status_code == 200
    assert second.json()["results"][0]["id"] != first["results"][0]["id"]


@pytest.mark.django_db
def test_the_schema_declares_the_cursor_and_its_400_on_every_list() -> None:
    document = APIClient().get("/api/v1/schema/?format=json").json()
    lists = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            names = {p["name"] for p in operation.get("parameters", [])}
            if "cursor" not in names:
                continue
            lists += 1
            assert "400" in operation["responses"], (method, path)
            cursor = next(p for p in operation["parameters"] if p["name"] == "cursor")
            assert cursor["in"] == "query"
    assert lists >= 5
