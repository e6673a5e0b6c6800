"""The public verification page: by code, by hash, by the file itself; nothing more revealed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

NOT_FOUND = "Aucun document ne correspond"


def shown(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def assert_found(response, document):
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ce document a bien été émis par le Ministère." in page
    assert document.reference in page
    assert "Convention de cofinancement" in page
    assert document.sha256 in page
    # Only kind, reference, version, date and hash: nothing of the content.
    assert "Kloto" not in page
    assert "8 000 000" not in page
    assert "Adduction" not in page


def test_the_verification_form_needs_no_login():
    response = Client().get("/verify/")
    assert response.status_code == 200
    assert "Code de vérification" in response.content.decode()


def test_a_printed_code_leads_to_the_documents_verification(agreement):
    response = Client().post("/verify/", {"code": shown(agreement.verification_code)}, follow=True)
    assert response.redirect_chain == [(f"/verify/{agreement.sha256}/", 302)]
    assert_found(response, agreement)


def test_a_code_typed_loosely_is_understood(agreement):
    typed = " " + shown(agreement.verification_code).lower().replace("0", "o") + " "
    response = Client().post("/verify/", {"code": typed}, follow=True)
    assert_found(response, agreement)


def test_the_hash_address_answers_for_someone_who_hashed_the_file(agreement):
    assert_found(Client().get(f"/verify/{agreement.sha256}/"), agreement)
    assert_found(Client().get(f"/verify/{agreement.sha256.upper()}/"), agreement)


def test_an_uploaded_pdf_is_hashed_and_checked(agreement):
    with agreement.file.open("rb") as handle:
        content = handle.read()
    upload = SimpleUploadedFile("convention.pdf", content, "application/pdf")
    response = Client().post("/verify/", {"file": upload}, follow=True)
    assert_found(response, agreement)


def test_a_changed_pdf_is_not_found(agreement):
    with agreement.file.open("rb") as handle:
        content = handle.read()
    upload = SimpleUploadedFile("convention.pdf", content + b"\n% altered", "application/pdf")
    response = Client().post("/verify/", {"file": upload})
    assert response.status_code == 404
    assert NOT_FOUND in response.content.decode()


@pytest.mark.parametrize(
    "address",
    [
        "/verify/" + "0" * 64 + "/",
        "/verify/not-a-hash/",
        "/verify/" + "g" * 64 + "/",
        "/verify/%3Cscript%3E/",
    ],
)
def test_an_unknown_or_malformed_hash_is_a_plain_not_found(agreement, address):
    response = Client().get(address)
    assert response.status_code == 404
    page = response.content.decode()
    assert NOT_FOUND in page
    assert agreement.reference not in page
    assert "<script>" not in page


@pytest.mark.parametrize("code", ["AAAAA-AAAAA", "short", "<b>x</b>", "0" * 40])
def test_an_unknown_or_malformed_code_is_a_plain_not_found_keeping_what_was_typed(agreement, code):
    response = Client().post("/verify/", {"code": code})
    assert response.status_code == 404
    page = response.content.decode()
    assert NOT_FOUND in page
    assert agreement.reference not in page
    assert "<b>x</b>" not in page
    if code == "AAAAA-AAAAA":
        assert 'value="AAAAA-AAAAA"' in page


def test_an_empty_form_asks_for_a_code_or_a_file(db):
    response = Client().post("/verify/", {})
    assert response.status_code == 400
    assert "Saisissez le code de vérification ou choisissez le fichier PDF." in (
        response.content.decode()
    )


def test_an_upload_that_is_not_a_pdf_is_refused_with_a_message(db):
    upload = SimpleUploadedFile("convention.pdf", b"\x89PNG\r\n\x1a\nrest", "application/pdf")
    response = Client().post("/verify/", {"file": upload})
    assert response.status_code == 400
    assert "Ce fichier n&#x27;est pas un PDF." in response.content.decode()


def test_an_empty_upload_is_refused_with_a_message(db):
    upload = SimpleUploadedFile("convention.pdf", b"", "application/pdf")
    response = Client().post("/verify/", {"file": upload})
    assert response.status_code == 400
    assert "vide" in response.content.decode()


def test_an_oversized_upload_is_refused_without_being_read(db, settings):
    settings.FILE_UPLOAD_MAX_BYTES = 1024
    upload = SimpleUploadedFile("convention.pdf", b"%PDF-" + b"0" * 2048, "application/pdf")
    response = Client().post("/verify/", {"file": upload})
    assert response.status_code == 400
    assert "la limite est de 1,0" in response.content.decode()
