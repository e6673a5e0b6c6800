"""A returnee's personal data from the case's page: the export buttons, the erasure
with its reason and confirmation, and what an anonymised case's page still shows."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from audit.models import HistoryEntry, Outcome, Source
from cases.models import Case, CaseStatus
from cases.services.personal_data import ERASE, EXPORT
from tests.cases.pages import persona_client, text
from tests.cases.personal_data import PERSONAL_VALUES, full_case

EXPORT_BUTTON = "Exporter les données personnelles (PDF)"
ERASE_BUTTON = "Effacer les données personnelles"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case(cast: dict[str, Any]) -> Case:
    return full_case(cast["users"], plan=False)


@pytest.mark.parametrize(
    ("persona", "export", "erase"),
    [("caseworker1", True, False), ("supervisor", True, True)],
)
def test_the_case_page_offers_the_export_and_the_erasure_to_whom_may(
    cast: dict[str, Any], case: Case, persona: str, export: bool, erase: bool
) -> None:
    page = text(persona_client(cast, persona).get(case.get_absolute_url()))
    assert (EXPORT_BUTTON in page) is export
    assert (ERASE_BUTTON in page) is erase


def test_the_export_downloads_from_the_page_and_is_recorded(
    cast: dict[str, Any], case: Case
) -> None:
    client = persona_client(cast, "caseworker1")

    as_json = client.get(reverse("cases:case_export", args=[case.pk, "json"]))
    as_pdf = client.get(reverse("cases:case_export", args=[case.pk, "pdf"]))

    assert as_json.status_code == as_pdf.status_code == 200
    assert as_json["Cache-Control"] == "private, no-store"
    data = json.loads(b"".join(as_json.streaming_content))  # type: ignore[attr-defined]
    assert data["case"]["last_name"] == "Mensah"
    reader = PdfReader(io.BytesIO(b"".join(as_pdf.streaming_content)))  # type: ignore[attr-defined]
    assert "Mensah" in " ".join(page.extract_text() for page in reader.pages)
    rows = HistoryEntry.objects.for_object(case).filter(action=EXPORT)
    assert [(row.source, row.data["params"]["format"]) for row in rows] == [
        (Source.WEB, "JSON"),
        (Source.WEB, "PDF"),
    ]
    history = text(client.get(case.get_absolute_url()))
    assert "Export des données personnelles" in history


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("caseworker2", 404), ("auditor", 404), ("officer", 404), ("anonymous", 302)],
)
def test_no_one_else_exports_from_the_pages(
    cast: dict[str, Any], case: Case, persona: str, expected: int
) -> None:
    client = persona_client(cast, persona)
    for fmt in ("json", "pdf"):
        response = client.get(reverse("cases:case_export", args=[case.pk, fmt]))
        assert response.status_code == expected
    assert not HistoryEntry.objects.for_object(case).filter(action=EXPORT).exists()


def test_the_erasure_asks_a_reason_and_a_confirmation_then_erases(
    cast: dict[str, Any], case: Case
) -> None:
    client = persona_client(cast, "supervisor")
    address = reverse("cases:case_erase", args=[case.pk])
    assert "Motif de l'effacement" in text(client.get(address))

    refused = client.post(address, {"reason": ""})
    assert refused.status_code == 400
    assert "Confirmez l'effacement" in text(refused)
    assert Case.objects.get(pk=case.pk).anonymised_at is None

    done = client.post(address, {"reason": "Demande reçue le 3 mars", "confirm": "on"})

    assert done.status_code == 302
    page = text(client.get(case.get_absolute_url(), follow=True))
    assert "Personne anonymisée" in page and "Fichier effacé" in page
    for value in PERSONAL_VALUES:
        assert value not in page, value
    assert EXPORT_BUTTON in page and ERASE_BUTTON not in page
    row = HistoryEntry.objects.for_object(case).get(action=ERASE, outcome=Outcome.DONE)
    assert (row.by and row.by.username, row.source, row.comment) == (
        "supervisor",
        Source.WEB,
        "Demande reçue le 3 mars",
    )


def test_the_erasure_page_says_why_a_case_under_way_cannot_be_erased(
    cast: dict[str, Any],
) -> None:
    case = full_case(cast["users"], status=CaseStatus.IN_SUPPORT, plan=False)
    client = persona_client(cast, "supervisor")
    address = reverse("cases:case_erase", args=[case.pk])

    page = text(client.get(address))
    assert "ne s'effacent que sur un dossier clôturé" in page
    assert "Motif de l'effacement" not in page
    response = client.post(address, {"reason": "Demande", "confirm": "on"}, follow=True)
    assert "ne s'effacent que sur un dossier clôturé" in text(response)
    assert Case.objects.get(pk=case.pk).anonymised_at is None


@pytest.mark.parametrize(("persona", "expected"), [("caseworker1", 403), ("caseworker2", 404)])
def test_a_caseworker_never_erases(
    cast: dict[str, Any], case: Case, persona: str, expected: int
) -> None:
    client = persona_client(cast, persona)
    address = reverse("cases:case_erase", args=[case.pk])
    assert client.get(address).status_code == expected
    assert client.post(address, {"reason": "x", "confirm": "on"}).status_code == expected
    assert Case.objects.get(pk=case.pk).anonymised_at is None
