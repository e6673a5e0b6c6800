"""Stored PDFs are downloaded only by those who see the owning proposal or case."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client


def download(client, document):
    return client.get(f"/documents/{document.pk}/download/")


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("assoc_paris", 200),
        ("assoc_brussels", 404),
        ("officer", 200),
        ("committee", 200),
        ("finance", 200),
        ("auditor", 200),
        ("caseworker1", 404),
        ("supervisor", 404),
        ("focal_paris", 404),
    ],
)
def test_who_downloads_an_agreement(agreement, cast, client_for, username, status):
    response = download(client_for(cast["users"][username]), agreement)
    assert response.status_code == status
    if status == 200:
        content = b"".join(response.streaming_content)
        assert hashlib.sha256(content).hexdigest() == agreement.sha256
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "attachment" in response["Content-Disposition"]
        name = f"convention-cofinancement-{agreement.reference}-v1.pdf"
        assert f'filename="{name}"' in response["Content-Disposition"]


def test_a_downloaded_file_is_named_in_the_reader_s_language(agreement, cast, client_for):
    client = client_for(cast["users"]["officer"])
    url = f"/documents/{agreement.pk}/download/"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")["Content-Disposition"]
    assert f'filename="cofunding-agreement-{agreement.reference}-v1.pdf"' in english
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")["Content-Disposition"]
    assert f'filename="convention-cofinancement-{agreement.reference}-v1.pdf"' in french


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("caseworker1", 200),
        ("caseworker2", 404),
        ("supervisor", 200),
        ("officer", 404),
        ("auditor", 404),
        ("assoc_paris", 404),
    ],
)
def test_who_downloads_a_reintegration_plan(plan, cast, client_for, username, status):
    response = download(client_for(cast["users"][username]), plan)
    assert response.status_code == status


def test_an_anonymous_visitor_is_sent_to_the_login_page(agreement):
    response = download(Client(), agreement)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_unknown_document_is_not_found(agreement, officer, client_for):
    assert download(client_for(officer), type(agreement)(pk=agreement.pk + 1000)).status_code == 404


def test_the_media_folder_is_not_served_publicly(agreement, officer, client_for):
    response = client_for(officer).get(f"/protected-media/{agreement.file.name}")
    assert response.status_code == 404


def test_a_transferred_case_plan_follows_the_case(plan, plan_approved, cast, client_for):
    from audit.models import Source
    from cases import services

    services.case_assign(
        case=plan_approved,
        caseworker="caseworker2",
        by=cast["users"]["supervisor"],
        source=Source.WEB,
    )
    assert download(client_for(cast["users"]["caseworker1"]), plan).status_code == 404
    assert download(client_for(cast["users"]["caseworker2"]), plan).status_code == 200
