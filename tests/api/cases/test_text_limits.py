"""A case's notes and an assessment's answers are bounded through the API."""

from __future__ import annotations

from typing import Any

from cases.models import Assessment, Case

MEGABYTE = "x" * 1_000_000


def test_megabyte_health_notes_are_refused_with_their_limit_and_no_case_is_opened(
    api_for: Any, caseworker1: Any, intake_body: dict[str, Any]
) -> None:
    count = Case.objects.count()
    response = api_for(caseworker1).post(
        "/api/v1/cases/", {**intake_body, "health_notes": MEGABYTE}, format="json"
    )
    assert response.status_code == 400
    assert "4000" in " ".join(response.json()["errors"]["health_notes"])
    assert Case.objects.count() == count


def test_an_assessment_with_a_megabyte_note_or_answer_is_refused_and_not_saved(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "assessment")
    client = api_for(caseworker1)
    url = f"/api/v1/cases/{case.pk}/assessment/"
    notes = client.put(url, {"psychosocial_notes": MEGABYTE}, format="json")
    assert notes.status_code == 400
    assert "4000" in " ".join(notes.json()["errors"]["psychosocial_notes"])
    answers = client.put(url, {"economic_answers": {"income": MEGABYTE}}, format="json")
    assert answers.status_code == 400
    assert answers.json()["errors"]["economic_answers"] == [
        "Ces données comptent au plus 4000 caractères (écrites en JSON)."
    ]
    assessment = Assessment.objects.filter(case=case).first()
    assert assessment is None or not (
        assessment.psychosocial_notes or assessment.economic_answers.get("income")
    )
