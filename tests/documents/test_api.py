"""Generated documents through the API: listed with the owner's documents, downloaded only by
those who see the owner."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.urls import reverse

from audit.models import Source
from workflows import services


@pytest.fixture
def approved_with_agreement(in_committee: Any, cast: Any, django_capture_on_commit_callbacks: Any):
    with django_capture_on_commit_callbacks(execute=True):
        return services.proposal_approve(
            proposal=in_committee,
            by=cast["users"]["committee"],
            source=Source.WEB,
            grant_amount=8_000_000,
        )


def test_the_agreement_is_listed_and_downloadable_by_the_association(
    approved_with_agreement: Any, cast: Any, api_for: Any
) -> None:
    client = api_for(cast["users"]["assoc_paris"])
    url = reverse("api:proposal-documents", args=[approved_with_agreement.pk])
    rows = client.get(url).json()
    agreement = next(r for r in rows if r["kind"] == "agreement")
    assert agreement["version"] == 1
    response = client.get(agreement["download"])
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    assert hashlib.sha256(body).hexdigest() == agreement["sha256"]


@pytest.mark.parametrize("accept", ["application/pdf", "image/png", "*/*", "text/html"])
def test_the_download_serves_the_pdf_whatever_the_accept_header_says(
    approved_with_agreement: Any, cast: Any, api_for: Any, accept: str
) -> None:
    from documents.services import documents_of

    document = documents_of(approved_with_agreement).get()
    url = reverse("api:stored_document_download", args=[document.pk])
    response = api_for(cast["users"]["assoc_paris"]).get(url, HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_download_refused_under_an_accept_header_answers_json_not_406(
    approved_with_agreement: Any, cast: Any, api_for: Any
) -> None:
    from documents.services import documents_of

    document = documents_of(approved_with_agreement).get()
    url = reverse("api:stored_document_download", args=[document.pk])
    response = api_for(cast["users"]["assoc_brussels"]).get(url, HTTP_ACCEPT="application/pdf")
    assert response.status_code == 404
    assert response.json() == {"detail": "Introuvable."}


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("assoc_paris", 200),
        ("officer", 200),
        ("committee", 200),
        ("assoc_brussels", 404),
        ("caseworker1", 404),
    ],
)
def test_only_those_who_see_the_proposal_download_its_agreement(
    approved_with_agreement: Any, cast: Any, api_for: Any, username: str, expected: int
) -> None:
    from documents.services import documents_of

    document = documents_of(approved_with_agreement).get()
    url = reverse("api:stored_document_download", args=[document.pk])
    assert api_for(cast["users"][username]).get(url).status_code == expected


@pytest.mark.parametrize(("username", "expected"), [("supervisor", 200), ("officer", 404)])
def test_the_reintegration_plan_is_downloadable_only_by_the_cell(
    plan: Any, cast: Any, api_for: Any, username: str, expected: int
) -> None:
    url = reverse("api:stored_document_download", args=[plan.pk])
    assert api_for(cast["users"][username]).get(url).status_code == expected


def test_the_case_documents_list_starts_with_its_plan(plan: Any, cast: Any, api_for: Any) -> None:
    url = reverse("api:case-documents", args=[plan.object_id])
    rows = api_for(cast["users"]["supervisor"]).get(url).json()
    assert rows[0]["kind"] == "reintegration_plan"
    assert rows[0]["sha256"] == plan.sha256


def test_a_documents_list_tells_generated_documents_from_attachments_as_its_schema_says(
    approved_with_agreement: Any, cast: Any, api_for: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = api_for(cast["users"]["assoc_paris"])
    pdf = SimpleUploadedFile("devis.pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf")
    attached = client.post(
        f"/api/v1/proposals/{approved_with_agreement.pk}/attachments/",
        {"file": pdf},
        format="multipart",
    )
    assert attached.status_code == 201, attached.content
    rows = client.get(reverse("api:proposal-documents", args=[approved_with_agreement.pk])).json()
    assert [row["category"] for row in rows] == ["generated", "attachment"]
    assert "reference" in rows[0] and "name" in rows[1]

    schema = client.get("/api/v1/schema/?format=json").json()
    components = schema["components"]["schemas"]
    for path in ("/api/v1/proposals/{id}/documents/", "/api/v1/cases/{id}/documents/"):
        answer = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        assert answer["schema"]["type"] == "array"
        assert answer["schema"]["items"] == {"$ref": "#/components/schemas/OwnerDocument"}
    either = components["OwnerDocument"]
    assert either["discriminator"]["propertyName"] == "category"
    mapping = either["discriminator"]["mapping"]
    assert mapping == {
        "generated": "#/components/schemas/StoredDocument",
        "attachment": "#/components/schemas/Attachment",
    }
    for component, value in (("StoredDocument", "generated"), ("Attachment", "attachment")):
        category = components[component]["properties"]["category"]
        assert "category" in components[component]["required"]
        [enum] = [components[ref["$ref"].rsplit("/", 1)[1]] for ref in category["allOf"]]
        assert enum["enum"] == [value]
