"""Approved proposals and cases with their generated documents, on a throwaway media folder."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from audit.models import Source
from cases import services as case_services
from cases.documents import generate_reintegration_plan
from cases.models import Case, CaseStatus
from documents.attachments import attach
from documents.models import Attachment, AttachmentKind, StoredDocument
from tests.workflows.conftest import (  # noqa: F401  (fixtures used by these tests)
    approved,
    call,
    draft,
    in_committee,
    in_execution,
    make_proposal,
    submitted,
    under_review,
)
from workflows.documents import generate_agreement

SITE = "https://diaspora.example.tg"


@pytest.fixture(autouse=True)
def _media_and_site(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = SITE


@pytest.fixture
def agreement(approved, committee) -> StoredDocument:  # noqa: F811
    document = generate_agreement(approved, committee)
    assert document is not None
    return document


@pytest.fixture
def signed_scan(approved, officer) -> Attachment:  # noqa: F811
    """The signed agreement's scan, uploaded by the officer."""
    upload = SimpleUploadedFile("convention.pdf", b"%PDF-" + b"0" * 2048, "application/pdf")
    return attach(
        owner=approved,
        kind=AttachmentKind.SIGNED_AGREEMENT,
        upload=upload,
        by=officer,
        source=Source.WEB,
    )


@pytest.fixture
def plan_case(cast) -> Case:
    """The demo case whose plan caseworker1 submitted (with sensitive notes)."""
    return Case.objects.get(status=CaseStatus.PLAN_SUBMITTED, caseworker__username="caseworker1")


@pytest.fixture
def plan_approved(plan_case, supervisor) -> Case:
    return case_services.case_approve_plan(case=plan_case, by=supervisor, source=Source.WEB)


@pytest.fixture
def plan(plan_approved, supervisor) -> StoredDocument:
    document = generate_reintegration_plan(plan_approved, supervisor)
    assert document is not None
    return document


def pdf_of(document: StoredDocument) -> PdfReader:
    with document.file.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def text_of(document: StoredDocument) -> str:
    """The PDF's text with non-breaking spaces and line breaks read as plain spaces."""
    pages = [page.extract_text() for page in pdf_of(document).pages]
    return re.sub(r"\s+", " ", " ".join(pages).replace("\u00a0", " "))


def page_texts(document: StoredDocument) -> list[str]:
    return [
        re.sub(r"\s+", " ", page.extract_text().replace("\u00a0", " "))
        for page in pdf_of(document).pages
    ]


def embedded_json(document: StoredDocument) -> dict[str, Any]:
    attachments = pdf_of(document).attachments
    assert list(attachments) == ["data.json"]
    (content,) = attachments["data.json"]
    data: dict[str, Any] = json.loads(content.decode("utf-8"))
    return data
