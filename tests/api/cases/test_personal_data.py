"""A returnee's data export (right of access) and erasure on request through the API:
who may, what the export holds, and what the history keeps."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from audit.models import HistoryEntry, Outcome, SecurityEvent, Source
from cases.models import Case, CaseStatus
from cases.services.personal_data import ERASE, EXPORT
from tests.cases.personal_data import PERSONAL_VALUES, full_case

EXPORT_KEYS = {
    "schema",
    "exported_at",
    "case",
    "assessment",
    "plan_items",
    "referrals",
    "follow_ups",
    "history",
    "documents",
    "attachments",
    "reads",
}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case(cast: dict[str, Any]) -> Case:
    return full_case(cast["users"])


def url(case: Case, fmt: str | None = None) -> str:
    return f"/api/v1/cases/{case.pk}/export/" + (f"?format={fmt}" if fmt else "")


def exports(case: Case) -> list[tuple[str, str]]:
    rows = HistoryEntry.objects.for_object(case).filter(action=EXPORT, outcome=Outcome.DONE)
    return [(row.by.username if row.by else "", row.data["params"]["format"]) for row in rows]


def test_the_json_export_holds_everything_on_the_returnee(
    cast: dict[str, Any], api_for: Any, case: Case
) -> None:
    response = api_for(cast["users"]["caseworker1"]).get(url(case, "json"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert set(data) == EXPORT_KEYS
    assert data["case"]["first_name"] == "Kossi" and data["case"]["phone"] == "+228 90 11 22 33"
    assert data["case"]["health_notes"] == "Blessure à la main mal soignée."
    assert data["case"]["vulnerabilities"] == ["medical"]
    assert data["assessment"]["psychosocial_notes"].startswith("Cauchemars fréquents")
    assert data["assessment"]["psychosocial_answers"] == {"sleep": "poor"}
    assert [item["description"] for item in data["plan_items"]] == ["Outillage de maçon."]
    assert data["referrals"][0]["outcome"] == "Consultation faite, plâtre posé."
    assert data["follow_ups"][0]["notes"] == "Dort mal depuis le retour."
    assert data["follow_ups"][0]["scores"]["composite"] is not None
    assert [d["kind"] for d in data["documents"]] == ["reintegration_plan"]
    assert [a["name"] for a in data["attachments"]] == ["cni-kossi-mensah.png"]
    actions = [row["action"] for row in data["history"]]
    assert actions[0] == "create" and "approve_closure" in actions and "complete" in actions
    assert exports(case) == [("caseworker1", "JSON")]


def test_the_pdf_export_is_readable_and_carries_the_json(
    cast: dict[str, Any], api_for: Any, case: Case
) -> None:
    response = api_for(cast["users"]["supervisor"]).get(url(case, "pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"donnees-personnelles-{case.reference}.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(page.extract_text() for page in reader.pages)
    for shown in ("DONNÉES PERSONNELLES", case.reference, "Kossi", "Cauchemars fréquents"):
        assert shown in text
    embedded = json.loads(reader.attachments["data.json"][0])
    assert embedded["case"]["last_name"] == "Mensah" and set(embedded) == EXPORT_KEYS
    assert exports(case) == [("supervisor", "PDF")]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("caseworker1", 200),
        ("supervisor", 200),
        ("caseworker2", 404),
        ("auditor", 404),
        ("officer", 404),
        ("admin", 404),
    ],
)
def test_only_the_caseworker_and_the_supervisors_export_a_returnees_data(
    cast: dict[str, Any], api_for: Any, case: Case, persona: str, expected: int
) -> None:
    response = api_for(cast["users"][persona]).get(url(case))

    assert response.status_code == expected
    assert len(exports(case)) == (1 if expected == 200 else 0)


def test_an_unknown_export_format_is_a_400_and_an_anonymous_caller_a_401(
    cast: dict[str, Any], api_for: Any, case: Case
) -> None:
    response = api_for(cast["users"]["supervisor"]).get(url(case, "xml"))
    assert response.status_code == 400
    assert "format" in response.json()["errors"]
    assert api_for(None).get(url(case)).status_code == 401
    assert exports(case) == []


def erase(api: Any, case: Case, **body: Any) -> Any:
    return api.post(f"/api/v1/cases/{case.pk}/erase/", body, format="json")


def test_erasure_through_the_api(cast: dict[str, Any], api_for: Any, case: Case) -> None:
    users = cast["users"]
    supervisor = api_for(users["supervisor"])
    assert erase(api_for(users["caseworker1"]), case, reason="x", confirm=True).status_code == 403
    assert erase(api_for(users["auditor"]), case, reason="x", confirm=True).status_code == 404
    missing = erase(supervisor, case)
    assert missing.status_code == 400
    assert set(missing.json()["errors"]) == {"reason", "confirm"}

    response = erase(supervisor, case, reason="Demande écrite du 3 mars", confirm=True)

    assert response.status_code == 200
    body = response.json()
    assert body["anonymised_at"] is not None and body["first_name"] == ""
    again = erase(supervisor, case, reason="Encore", confirm=True)
    assert again.status_code == 403
    exported = json.dumps(supervisor.get(url(case)).json(), ensure_ascii=False)
    for value in PERSONAL_VALUES:
        assert value not in exported, value
    row = HistoryEntry.objects.for_object(case).get(action=ERASE, outcome=Outcome.DONE)
    assert (row.by, row.source, row.comment) == (
        users["supervisor"],
        Source.API,
        "Demande écrite du 3 mars",
    )


def test_erasure_of_a_case_under_way_is_a_409_with_the_reason(
    cast: dict[str, Any], api_for: Any
) -> None:
    users = cast["users"]
    case = full_case(users, status=CaseStatus.FOLLOW_UP, plan=False)

    response = erase(api_for(users["supervisor"]), case, reason="Demande", confirm=True)

    assert response.status_code == 409
    assert "ne s'effacent que sur un dossier clôturé" in response.json()["detail"]
    assert Case.objects.get(pk=case.pk).anonymised_at is None


def test_an_export_and_an_erasure_are_security_events(
    cast: dict[str, Any], api_for: Any, case: Case
) -> None:
    users = cast["users"]
    api_for(users["caseworker1"]).get(url(case, "json"))
    erase(api_for(users["supervisor"]), case, reason="Demande écrite", confirm=True)

    events = SecurityEvent.objects.filter(object_id=case.pk, kind__in=["export", "erasure"])
    assert list(events.order_by("id").values_list("kind", "user__username", "route")) == [
        ("export", "caseworker1", url(case)),
        ("erasure", "supervisor", f"/api/v1/cases/{case.pk}/erase/"),
    ]
