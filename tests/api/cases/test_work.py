"""The caseworker's work through the API: assessment, plan items, referrals,
follow-ups and the survey, attached pieces. Wrong input is named on its field,
a step taken at the wrong time is a conflict, and nothing is half-saved."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import HistoryEntry, Outcome
from cases.models import Assessment, FollowUp, PlanItem, Referral, SurveyIndicator
from documents.models import Attachment
from tests.cases.builders import FULL_ANSWERS, add_plan_item, add_referral, days

PLAN_ITEM = {
    "dimension": "economic",
    "kind": "training",
    "provider": "CFP de Kpalimé",
    "budget": 120_000,
    "target_date": str(days(30)),
    "description": "Formation en électricité du bâtiment.",
}


# --- Assessment ---------------------------------------------------------------


def test_the_assessment_keeps_the_fields_a_put_leaves_out(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "assessment")
    client = api_for(caseworker1)
    url = f"/api/v1/cases/{case.pk}/assessment/"
    client.put(
        url, {"economic_notes": "Sans revenu.", "economic_answers": {"job": "no"}}, format="json"
    )
    response = client.put(url, {"skills": "Maçonnerie"}, format="json")
    assert response.status_code == 200
    assert response.json()["economic_notes"] == "Sans revenu."
    assessment = Assessment.objects.get(case=case)
    assert (assessment.economic_notes, assessment.skills) == ("Sans revenu.", "Maçonnerie")
    assert assessment.economic_answers == {"job": "no"}
    assert response.json()["updated_by"] == "caseworker1"


def test_answers_that_are_not_a_dictionary_are_refused_on_their_field(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "assessment")
    response = api_for(caseworker1).put(
        f"/api/v1/cases/{case.pk}/assessment/",
        {"social_answers": ["a", "b"], "social_notes": "Isolé."},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"social_answers"}
    assert Assessment.objects.get(case=case).social_notes == ""


def test_an_assessment_marked_complete_without_a_situation_is_refused(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "assessment")
    response = api_for(caseworker1).put(
        f"/api/v1/cases/{case.pk}/assessment/", {"complete": True}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["complete"] == [
        "Une évaluation complète décrit au moins la situation économique ou sociale."
    ]


@pytest.mark.parametrize(("status", "expected"), [("registered", 409), ("plan_submitted", 409)])
def test_the_assessment_is_written_only_during_the_assessment_step(
    api_for: Any, caseworker1: Any, case_of: Any, status: str, expected: int
) -> None:
    case = case_of("caseworker1", status)
    response = api_for(caseworker1).put(
        f"/api/v1/cases/{case.pk}/assessment/", {"skills": "Couture"}, format="json"
    )
    assert response.status_code == expected
    assert Assessment.objects.get(case=case).skills != "Couture"


@pytest.mark.parametrize(("who", "expected"), [("supervisor", 403), ("caseworker2", 404)])
def test_only_the_cases_caseworker_writes_the_assessment_even_with_a_wrong_body(
    api_as: Any, case_of: Any, who: str, expected: int
) -> None:
    case = case_of("caseworker1", "assessment")
    response = api_as(who).put(
        f"/api/v1/cases/{case.pk}/assessment/", {"complete": "peut-être"}, format="json"
    )
    assert response.status_code == expected
    refused = HistoryEntry.objects.for_object(case).filter(outcome=Outcome.REFUSED)
    assert list(refused.values_list("action", flat=True)) == (
        ["assessment"] if expected == 403 else []
    )


# --- Plan -----------------------------------------------------------------------


def test_a_plan_item_is_added_and_removed_while_the_plan_is_drafted(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "assessment")
    client = api_for(caseworker1)
    created = client.post(f"/api/v1/cases/{case.pk}/plan-items/", PLAN_ITEM, format="json")
    assert created.status_code == 201
    item = created.json()
    assert {k: item[k] for k in PLAN_ITEM} == PLAN_ITEM
    removed = client.delete(f"/api/v1/cases/{case.pk}/plan-items/{item['id']}/")
    assert removed.status_code == 204
    assert not PlanItem.objects.filter(case=case).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"budget": -1}, "budget"),
        ({"kind": "lottery"}, "kind"),
        ({"dimension": "spiritual"}, "dimension"),
        ({"target_date": "demain"}, "target_date"),
        ({"provider": ""}, "provider"),
    ],
)
def test_a_wrong_plan_item_is_named_on_its_field_and_not_saved(
    api_for: Any, caseworker1: Any, case_of: Any, change: dict[str, Any], field: str
) -> None:
    case = case_of("caseworker1", "assessment")
    response = api_for(caseworker1).post(
        f"/api/v1/cases/{case.pk}/plan-items/", {**PLAN_ITEM, **change}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {field}
    assert not PlanItem.objects.filter(case=case).exists()


def test_a_submitted_plan_is_not_changed(api_for: Any, caseworker1: Any, case_of: Any) -> None:
    case = case_of("caseworker1", "plan_submitted")
    client = api_for(caseworker1)
    added = client.post(f"/api/v1/cases/{case.pk}/plan-items/", PLAN_ITEM, format="json")
    assert added.status_code == 409
    item = PlanItem.objects.get(case=case)
    assert client.delete(f"/api/v1/cases/{case.pk}/plan-items/{item.pk}/").status_code == 409
    assert PlanItem.objects.filter(case=case).count() == 1


def test_a_plan_item_of_another_case_is_not_found(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    mine = case_of("caseworker1", "assessment")
    other = case_of("caseworker1", "assessment")
    item = add_plan_item(other, caseworker1)
    response = api_for(caseworker1).delete(f"/api/v1/cases/{mine.pk}/plan-items/{item.pk}/")
    assert response.status_code == 404
    assert PlanItem.objects.filter(pk=item.pk).exists()


# --- Referrals ------------------------------------------------------------------


def test_a_referral_made_too_early_is_a_conflict(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "assessment")
    response = api_for(caseworker1).post(
        f"/api/v1/cases/{case.pk}/referrals/",
        {"service": "health", "provider": "CHR", "due_date": str(days(5))},
        format="json",
    )
    assert response.status_code == 409
    assert not Referral.objects.filter(case=case).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"service": "magic"}, "service"),
        ({"due_date": ""}, "due_date"),
        ({"provider": ""}, "provider"),
    ],
)
def test_a_wrong_referral_is_named_on_its_field(
    api_for: Any, caseworker1: Any, case_of: Any, change: dict[str, Any], field: str
) -> None:
    case = case_of("caseworker1", "in_support")
    body = {"service": "health", "provider": "CHR", "due_date": str(days(5)), **change}
    response = api_for(caseworker1).post(f"/api/v1/cases/{case.pk}/referrals/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {field}
    assert not Referral.objects.filter(case=case).exists()


def test_an_overdue_referral_is_flagged_and_listed_for_the_caseworker_and_the_supervisor(
    api_for: Any, caseworker1: Any, supervisor: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "in_support")
    late = add_referral(case, caseworker1, due_date=days(-1))
    on_time = add_referral(case, caseworker1, due_date=days(1))
    for user in (caseworker1, supervisor):
        rows = api_for(user).get("/api/v1/referrals/", {"overdue": "true"}).json()["results"]
        assert {r["id"] for r in rows} >= {late.pk}
        assert on_time.pk not in {r["id"] for r in rows}
        assert all(r["overdue"] for r in rows)
    detail = api_for(caseworker1).get(f"/api/v1/referrals/{late.pk}/").json()
    assert detail["overdue"] is True
    assert api_for(caseworker1).get(f"/api/v1/referrals/{on_time.pk}/").json()["overdue"] is False


def test_the_referral_transitions_offered_follow_its_state(
    api_for: Any, caseworker1: Any, supervisor: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "in_support")
    referral = add_referral(case, caseworker1)
    url = f"/api/v1/referrals/{referral.pk}"
    assert [o["name"] for o in api_for(caseworker1).get(f"{url}/transitions/").json()] == [
        "accept",
        "decline",
    ]
    assert api_for(supervisor).get(f"{url}/transitions/").json() == []
    api_for(caseworker1).post(f"{url}/transitions/accept/", {})
    assert [o["name"] for o in api_for(caseworker1).get(f"{url}/transitions/").json()] == [
        "complete"
    ]


def test_completing_a_referral_needs_what_was_delivered(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "in_support")
    referral = add_referral(case, caseworker1)
    client = api_for(caseworker1)
    url = f"/api/v1/referrals/{referral.pk}/transitions"
    assert client.post(f"{url}/complete/", {"outcome": "Soigné"}).status_code == 409
    client.post(f"{url}/accept/", {})
    response = client.post(f"{url}/complete/", {"delivered_on": str(days(3))})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"outcome", "delivered_on"}
    referral.refresh_from_db()
    assert referral.status == "accepted"
    done = client.post(f"{url}/complete/", {"outcome": "Soigné"})
    assert (done.json()["status"], done.json()["delivered_on"]) == ("completed", str(days(0)))


def test_a_referral_that_moved_meanwhile_is_a_conflict(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "in_support")
    referral = add_referral(case, caseworker1)
    response = api_for(caseworker1).post(
        f"/api/v1/referrals/{referral.pk}/transitions/decline/",
        {"note": "Complet", "expected_state": "accepted"},
    )
    assert response.status_code == 409
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_an_unknown_referral_transition_is_not_found(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    referral = add_referral(case_of("caseworker1", "in_support"), caseworker1)
    response = api_for(caseworker1).post(f"/api/v1/referrals/{referral.pk}/transitions/lose/", {})
    assert response.status_code == 404


# --- Follow-ups and the survey ----------------------------------------------------


def test_the_survey_lists_the_active_indicators_in_the_callers_language(
    api_for: Any, caseworker1: Any, cast: Any
) -> None:
    SurveyIndicator.objects.filter(code="debt").update(active=False)
    client = api_for(caseworker1)
    french = client.get("/api/v1/survey-indicators/").json()
    assert len(french) == 11
    assert "debt" not in {row["code"] for row in french}
    assert french[0] == {
        "code": "income",
        "dimension": "economic",
        "weight": 2.0,
        "label": "Revenu suffisant pour couvrir les besoins essentiels",
        "position": 1,
    }
    english = client.get("/api/v1/survey-indicators/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english[0]["label"] == "Income covers basic needs"


def test_a_follow_up_answers_with_its_scores(api_for: Any, caseworker1: Any, case_of: Any) -> None:
    case = case_of("caseworker1", "in_support")
    answers = {"income": 1, "employment": 0.5, "housing": 0, "wellbeing": "1"}
    response = api_for(caseworker1).post(
        f"/api/v1/cases/{case.pk}/follow-ups/",
        {"visit_date": str(days(-1)), "answers": answers},
        format="json",
    )
    assert response.status_code == 201
    data = response.json()
    # economic (2×1 + 2×0.5) / 4; social 0 / 2; psychosocial 2 / 2; composite 5 / 8
    assert data["scores"] == {
        "economic": 0.75,
        "social": 0.0,
        "psychosocial": 1.0,
        "composite": 0.625,
    }
    assert data["answers"] == {"income": "1", "employment": "0.5", "housing": "0", "wellbeing": "1"}
    assert data["created_by"] == "caseworker1"
    assert FollowUp.objects.get(case=case).composite == Decimal("0.625")


def test_a_heavier_weight_moves_the_next_composite(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "in_support")
    client = api_for(caseworker1)
    body = {"visit_date": str(days(0)), "answers": {"income": 1, "housing": 0}}
    url = f"/api/v1/cases/{case.pk}/follow-ups/"
    before = client.post(url, body, format="json").json()["scores"]["composite"]
    SurveyIndicator.objects.filter(code="housing").update(weight=Decimal("6"))
    after = client.post(url, body, format="json").json()["scores"]["composite"]
    assert (before, after) == (0.5, 0.25)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"visit_date": str(days(0)), "answers": {"income": 1.2}}, "answers"),
        ({"visit_date": str(days(0)), "answers": {"income": "-0.1"}}, "answers"),
        ({"visit_date": str(days(0)), "answers": {"happiness": 1}}, "answers"),
        ({"visit_date": str(days(0)), "answers": {}}, "answers"),
        ({"visit_date": str(days(0)), "answers": [1, 0]}, "answers"),
        ({"visit_date": str(days(4)), "answers": {"income": 1}}, "visit_date"),
        ({"answers": {"income": 1}}, "visit_date"),
    ],
)
def test_a_wrong_survey_is_named_on_its_field_and_not_saved(
    api_for: Any, caseworker1: Any, case_of: Any, body: dict[str, Any], field: str
) -> None:
    case = case_of("caseworker1", "follow_up")
    response = api_for(caseworker1).post(
        f"/api/v1/cases/{case.pk}/follow-ups/", body, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {field}
    assert not FollowUp.objects.filter(case=case).exists()


def test_an_out_of_range_answer_names_the_indicator(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "in_support")
    response = api_for(caseworker1).post(
        f"/api/v1/cases/{case.pk}/follow-ups/",
        {"visit_date": str(days(0)), "answers": {**FULL_ANSWERS, "income": 3}},
        format="json",
    )
    assert response.json()["errors"]["answers"] == [
        "La réponse à « Revenu suffisant pour couvrir les besoins essentiels » doit être "
        "comprise entre 0 et 1 (reçu « 3 »)."
    ]


def test_a_follow_up_before_the_plan_is_approved_is_a_conflict(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "plan_submitted")
    response = api_for(caseworker1).post(
        f"/api/v1/cases/{case.pk}/follow-ups/",
        {"visit_date": str(days(0)), "answers": FULL_ANSWERS},
        format="json",
    )
    assert response.status_code == 409


# --- Documents ------------------------------------------------------------------

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_an_identity_scan_is_attached_listed_and_downloaded_by_those_who_see_the_case(
    api_for: Any, caseworker1: Any, caseworker2: Any, supervisor: Any, case_of: Any, media: Path
) -> None:
    case = case_of("caseworker1")
    upload = SimpleUploadedFile("carte.pdf", PDF, "application/pdf")
    created = api_for(caseworker1).post(
        f"/api/v1/cases/{case.pk}/attachments/",
        {"file": upload, "kind": "identity"},
        format="multipart",
    )
    assert created.status_code == 201
    document = created.json()
    assert (document["kind"], document["version"]) == ("identity", 1)
    listed = api_for(supervisor).get(f"/api/v1/cases/{case.pk}/documents/").json()
    assert [(d["id"], d["sha256"]) for d in listed] == [(document["id"], document["sha256"])]
    assert {"id", "kind", "version", "sha256", "download"} <= set(listed[0])
    download = api_for(supervisor).get(listed[0]["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert api_for(caseworker2).get(listed[0]["download"]).status_code == 404
    for accept in ("application/pdf", "image/png"):
        answer = api_for(supervisor).get(listed[0]["download"], HTTP_ACCEPT=accept)
        assert answer.status_code == 200
        assert b"".join(answer.streaming_content) == PDF


def test_a_downloaded_case_piece_is_never_cached_nor_sniffed(
    api_for: Any, caseworker1: Any, supervisor: Any, case_of: Any, media: Path
) -> None:
    case = case_of("caseworker1")
    upload = SimpleUploadedFile("carte.pdf", PDF, "application/pdf")
    created = api_for(caseworker1).post(
        f"/api/v1/cases/{case.pk}/attachments/", {"file": upload}, format="multipart"
    )
    response = api_for(supervisor).get(created.json()["download"])
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="carte.pdf"'


def test_a_document_is_downloaded_only_through_its_own_case(
    api_for: Any, caseworker1: Any, case_of: Any, media: Path
) -> None:
    case, other = case_of("caseworker1"), case_of("caseworker1")
    upload = SimpleUploadedFile("carte.png", b"\x89PNG\r\n\x1a\nrest", "image/png")
    created = api_for(caseworker1).post(
        f"/api/v1/cases/{case.pk}/attachments/", {"file": upload}, format="multipart"
    )
    document_id = created.json()["id"]
    response = api_for(caseworker1).get(
        f"/api/v1/cases/{other.pk}/documents/{document_id}/download/"
    )
    assert response.status_code == 404


def test_only_the_caseworker_attaches_pieces_to_a_case(
    api_for: Any, supervisor: Any, case_of: Any, media: Path
) -> None:
    case = case_of("caseworker1")
    upload = SimpleUploadedFile("carte.pdf", PDF, "application/pdf")
    response = api_for(supervisor).post(
        f"/api/v1/cases/{case.pk}/attachments/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 403
    assert not Attachment.objects.exists()
    row = HistoryEntry.objects.for_object(case).latest("id")
    assert (row.action, row.outcome) == ("attach", Outcome.REFUSED)


def test_a_file_that_is_not_a_pdf_or_an_image_is_refused_on_the_file(
    api_for: Any, caseworker1: Any, case_of: Any, media: Path
) -> None:
    case = case_of("caseworker1")
    upload = SimpleUploadedFile("carte.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = api_for(caseworker1).post(
        f"/api/v1/cases/{case.pk}/attachments/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"file"}
    assert not Attachment.objects.exists()
