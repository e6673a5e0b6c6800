"""Files attached to a proposal: who may attach what, what is refused, who may download."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import HistoryEntry, Outcome
from documents.models import Attachment
from tests.workflows.builders import pdf_upload
from workflows.models import Proposal

PDF = pdf_upload().read()


def attach(client: Any, proposal: Proposal, upload: Any, kind: str | None = None) -> Any:
    data = {"file": upload} if kind is None else {"file": upload, "kind": kind}
    return client.post(f"/api/v1/proposals/{proposal.pk}/attachments/", data, format="multipart")


def test_a_member_attaches_a_progress_report_and_gets_its_fingerprint(
    in_execution: Proposal, api_for: Any, assoc_paris: Any
) -> None:
    response = attach(api_for(assoc_paris), in_execution, pdf_upload(), "progress_report")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert data["kind"] == "progress_report"
    assert data["download"] == f"http://testserver/api/v1/attachments/{data['id']}/download/"
    row = HistoryEntry.objects.for_object(in_execution).get(action="attach")
    assert row.by == assoc_paris


def test_a_piece_without_a_kind_is_filed_as_other(
    draft: Proposal, api_for: Any, assoc_paris: Any
) -> None:
    response = attach(api_for(assoc_paris), draft, pdf_upload("devis.pdf"))
    assert response.status_code == 201
    assert response.json()["kind"] == "other"


def test_the_officer_attaches_the_signed_agreement(
    approved: Proposal, api_for: Any, officer: Any
) -> None:
    response = attach(api_for(officer), approved, pdf_upload("convention.pdf"), "signed_agreement")
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("who", "kind", "reason"),
    [
        ("assoc_paris", "signed_agreement", "La convention signée est déposée par un chargé"),
        ("officer", "final_report", "Les rapports et justificatifs sont déposés par l'association"),
        ("finance", "receipt", "Seuls l'association porteuse et le chargé"),
        ("auditor", "other", "Seuls l'association porteuse et le chargé"),
    ],
)
def test_each_piece_is_attached_by_whoever_it_belongs_to(
    in_execution: Proposal, persona: Any, api_for: Any, who: str, kind: str, reason: str
) -> None:
    user = persona(who)
    response = attach(api_for(user), in_execution, pdf_upload(), kind)
    assert response.status_code == 403
    assert response.json()["detail"].startswith(reason)
    assert not Attachment.objects.exists()
    refusal = HistoryEntry.objects.for_object(in_execution).get(action="attach")
    assert (refusal.by, refusal.outcome) == (user, Outcome.REFUSED)


def test_someone_who_cannot_see_the_proposal_cannot_attach_to_it(
    draft: Proposal, api_for: Any, assoc_brussels: Any
) -> None:
    response = attach(api_for(assoc_brussels), draft, pdf_upload())
    assert response.status_code == 404
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
            "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG (le type est lu dans son "
            "contenu, pas dans son nom).",
        ),
        (SimpleUploadedFile("vide.pdf", b"", "application/pdf"), "Le fichier soumis est vide."),
        (None, "Aucun fichier n'a été soumis."),
    ],
    ids=["disguised", "empty", "missing"],
)
def test_a_refused_file_is_explained_on_the_file_field(
    draft: Proposal, api_for: Any, assoc_paris: Any, upload: Any, message: str
) -> None:
    data = {"kind": "other"} if upload is None else {"file": upload, "kind": "other"}
    response = api_for(assoc_paris).post(
        f"/api/v1/proposals/{draft.pk}/attachments/", data, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["file"] == [message]
    assert not Attachment.objects.exists()


def test_a_file_over_the_size_cap_is_refused(
    draft: Proposal, api_for: Any, assoc_paris: Any, settings: Any
) -> None:
    settings.FILE_UPLOAD_MAX_BYTES = 16
    response = attach(api_for(assoc_paris), draft, pdf_upload())
    assert response.status_code == 400
    assert "la limite est de 16" in response.json()["errors"]["file"][0]


def test_a_kind_that_does_not_belong_to_a_proposal_is_refused(
    draft: Proposal, api_for: Any, assoc_paris: Any
) -> None:
    response = attach(api_for(assoc_paris), draft, pdf_upload(), "identity")
    assert response.status_code == 400
    assert response.json()["errors"]["kind"]


# --- Listing and downloading ------------------------------------------------------


def test_the_documents_of_a_proposal_list_its_pieces(
    submitted: Proposal, api_for: Any, assoc_paris: Any, officer: Any
) -> None:
    created = attach(api_for(assoc_paris), submitted, pdf_upload("devis.pdf")).json()
    response = api_for(officer).get(f"/api/v1/proposals/{submitted.pk}/documents/")
    assert response.status_code == 200
    [document] = response.json()
    assert {key: document[key] for key in ("id", "kind", "version", "sha256", "download")} == {
        "id": created["id"],
        "kind": "other",
        "version": 1,
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "download": created["download"],
    }
    assert document["name"] == "devis.pdf"


def test_whoever_sees_the_proposal_downloads_the_file_as_sent(
    submitted: Proposal, api_for: Any, assoc_paris: Any, auditor: Any
) -> None:
    created = attach(api_for(assoc_paris), submitted, pdf_upload("devis.pdf")).json()
    response = api_for(auditor).get(created["download"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="devis.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("accept", ["application/pdf", "image/png"])
def test_an_attachment_downloads_whatever_the_accept_header_says(
    submitted: Proposal, api_for: Any, assoc_paris: Any, accept: str
) -> None:
    created = attach(api_for(assoc_paris), submitted, pdf_upload("devis.pdf")).json()
    response = api_for(assoc_paris).get(created["download"], HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("who", ["assoc_brussels", "committee", "caseworker1"])
def test_someone_who_cannot_see_the_proposal_cannot_download_its_files(
    submitted: Proposal, api_for: Any, assoc_paris: Any, persona: Any, who: str
) -> None:
    created = attach(api_for(assoc_paris), submitted, pdf_upload()).json()
    response = api_for(persona(who)).get(created["download"])
    assert response.status_code == 404
    assert response.json() == {"detail": "Introuvable."}
    assert api_for(persona(who)).get(f"/api/v1/attachments/{created['id']}/").status_code == 404


def test_a_download_needs_a_login(submitted: Proposal, api_for: Any, assoc_paris: Any) -> None:
    created = attach(api_for(assoc_paris), submitted, pdf_upload()).json()
    assert api_for(None).get(created["download"]).status_code == 401


def test_a_withdrawn_proposal_takes_no_more_pieces(
    submitted: Proposal, api_for: Any, assoc_paris: Any
) -> None:
    client = api_for(assoc_paris)
    client.post(f"/api/v1/proposals/{submitted.pk}/transitions/withdraw/", {}, format="json")
    response = attach(client, submitted, pdf_upload())
    assert response.status_code == 409
    assert response.json()["detail"] == "Ce projet est clos : on n'y joint plus de pièce."
    assert not Attachment.objects.exists()
    refusal = HistoryEntry.objects.for_object(submitted).get(action="attach")
    assert refusal.outcome == Outcome.REFUSED


def test_a_file_of_the_wrong_type_is_refused_and_kept_in_the_history(
    draft: Proposal, api_for: Any, assoc_paris: Any
) -> None:
    upload = SimpleUploadedFile("devis.pdf", b"just some text", "application/pdf")
    response = attach(api_for(assoc_paris), draft, upload)
    assert response.status_code == 400
    assert not Attachment.objects.exists()
    refusal = HistoryEntry.objects.for_object(draft).get(action="attach")
    assert (refusal.by, refusal.outcome) == (assoc_paris, Outcome.REFUSED)


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("report.pdf.exe", "report.pdf"),
        ("report.exe", "report.pdf"),
        ("rapport", "rapport.pdf"),
        ("rapport M. Dupont", "rapport M. Dupont.pdf"),
        ("devis.v2.exe", "devis.v2.pdf"),
        ("devis.PDF", "devis.PDF"),
        ("photo.png", "photo.pdf"),
        (".pdf.exe", "fichier.pdf"),
    ],
)
def test_a_name_whose_extension_contradicts_the_content_is_stored_with_the_real_one(
    submitted: Proposal, api_for: Any, assoc_paris: Any, sent: str, kept: str
) -> None:
    created = attach(api_for(assoc_paris), submitted, pdf_upload(sent)).json()
    assert Attachment.objects.get(pk=created["id"]).original_name == kept
    response = api_for(assoc_paris).get(created["download"])
    assert response["Content-Disposition"] == f'attachment; filename="{kept}"'
    listed = api_for(assoc_paris).get(f"/api/v1/proposals/{submitted.pk}/documents/").json()
    assert [document["name"] for document in listed] == [kept]
