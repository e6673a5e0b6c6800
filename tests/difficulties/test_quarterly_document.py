"""The quarterly report's PDF: made by an officer for a past or current quarter, one per
quarter, rendered after the commit as PDF/A-3b with its figures attached as JSON, « <5 »
printed and nothing personal, verifiable at /verify/; made again, a new version."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from audit.models import HistoryEntry, Source
from difficulties.documents import QUARTERLY
from difficulties.models import QuarterlyReport
from difficulties.quarterly import quarterly_figures
from difficulties.services.reports import quarterly_report_make
from documents.models import StoredDocument
from documents.rendering import plain_json
from processes.transitions import ConditionsUnmet, NotAllowed
from tests.difficulties.quarterly_builders import (
    EMAILS,
    NAMES,
    PHONES,
    QUARTER,
    YEAR,
    known_quarter,
)
from tests.documents.conftest import SITE, embedded_json, pdf_of, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_and_site(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = SITE


@pytest.fixture
def make(officer: Any, django_capture_on_commit_callbacks: Any) -> Any:
    def made(year: int = YEAR, quarter: int = QUARTER, by: Any = officer) -> QuarterlyReport:
        with django_capture_on_commit_callbacks(execute=True):
            report, _ = quarterly_report_make(year=year, quarter=quarter, by=by, source=Source.WEB)
        return report

    return made


@pytest.fixture
def document(cast: Any, make: Any) -> StoredDocument:
    known_quarter()
    report = make()
    return StoredDocument.objects.get(kind=QUARTERLY, object_id=report.pk)


def test_the_pdf_is_pdf_a_3b_and_its_attached_json_is_the_figures(document):
    reader = pdf_of(document)
    assert reader.xmp_metadata is not None
    metadata = reader.xmp_metadata.stream.get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in metadata and 'pdfaid:conformance="B"' in metadata
    data = embedded_json(document)
    assert data == document.payload
    assert data.pop("schema") == "rapport-trimestriel-difficultes/1"
    assert data.pop("document")["reference"] == "RTD-2025-T1"
    assert data == plain_json(quarterly_figures(YEAR, QUARTER))


def test_the_pdf_prints_masked_counts_and_nothing_personal(document):
    text = text_of(document)
    assert "RAPPORT TRIMESTRIEL DES DIFFICULTÉS" in text
    assert "1er trimestre 2025" in text
    assert "<5" in text
    assert "Passeport" in text and "France" in text
    # The unresolved groups count fewer than 5 reports: no example of them.
    assert "Direction de l'état civil" in text and "L'acte de naissance" not in text
    for secret in (*EMAILS, *PHONES, *NAMES, "Lomé", "@"):
        assert secret not in text


def test_the_pdf_verifies_at_verify_by_its_bytes(document):
    with document.file.open("rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == document.sha256
    upload = SimpleUploadedFile("rapport.pdf", content, "application/pdf")
    response = Client().post("/verify/", {"file": upload}, follow=True)
    assert response.redirect_chain == [(f"/verify/{document.sha256}/", 302)]
    page = response.content.decode()
    assert "Ce document a bien été émis par le Ministère." in page
    assert "Rapport trimestriel des difficultés" in page and "RTD-2025-T1" in page
    assert "Mensah" not in page


def test_making_it_again_renders_a_new_version(cast, make):
    first = make()
    again = make()
    assert again == first and QuarterlyReport.objects.count() == 1
    versions = StoredDocument.objects.filter(kind=QUARTERLY, object_id=first.pk)
    assert sorted(versions.values_list("version", flat=True)) == [1, 2]
    actions = HistoryEntry.objects.for_object(first).values_list("action", flat=True)
    assert {"create", "regenerate", "document"} <= set(actions)


def test_the_document_is_requested_after_the_commit(cast, officer):
    report, created = quarterly_report_make(
        year=YEAR, quarter=QUARTER, by=officer, source=Source.WEB
    )
    assert created
    # Not rendered inside the transaction: the rendering waits for the commit.
    assert not StoredDocument.objects.filter(kind=QUARTERLY, object_id=report.pk).exists()


def test_the_current_quarter_may_be_made_a_future_one_not(cast, make, officer):
    today = timezone.localdate()
    current = make(today.year, (today.month - 1) // 3 + 1)
    assert current.starts_on <= today <= current.ends_on
    later = today + datetime.timedelta(days=100)
    with pytest.raises(ConditionsUnmet) as refused:
        quarterly_report_make(
            year=later.year, quarter=(later.month - 1) // 3 + 1, by=officer, source=Source.WEB
        )
    assert "n'a pas commencé" in refused.value.detail
    with pytest.raises(ConditionsUnmet):
        quarterly_report_make(year=YEAR, quarter=5, by=officer, source=Source.WEB)


def test_only_an_officer_makes_it(cast, auditor, focal_paris, make):
    for user in (auditor, focal_paris):
        with pytest.raises(NotAllowed):
            quarterly_report_make(year=YEAR, quarter=QUARTER, by=user, source=Source.WEB)
    report = make()
    with pytest.raises(NotAllowed):
        quarterly_report_make(year=YEAR, quarter=QUARTER, by=auditor, source=Source.WEB)
    assert StoredDocument.objects.filter(kind=QUARTERLY, object_id=report.pk).count() == 1
