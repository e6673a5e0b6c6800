"""Bad input on the case pages: French field errors, what was typed kept, nothing saved."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import HistoryEntry
from cases.models import Case, CaseStatus, FollowUp, PlanItem, Referral, ReferralStatus
from documents.models import Attachment
from registry.models import Prefecture, Region
from tests.cases.builders import add_referral, case_in, days, new_case
from tests.cases.pages import persona_client, text


@pytest.fixture
def worker(cast: dict[str, Any]) -> Client:
    return persona_client(cast, "caseworker1")


@pytest.fixture
def at(cast: dict[str, Any]) -> Callable[[str], Case]:
    """`at("in_support")`: a case of caseworker1 brought to that status."""
    users = cast["users"]

    def make(status: str) -> Case:
        return case_in(status, caseworker=users["caseworker1"], supervisor=users["supervisor"])

    return make


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": "Yawa",
        "last_name": "Adzoa",
        "sex": "F",
        "birth_year": "1988",
        "phone": "",
        "return_date": days(-10).isoformat(),
        "returned_from": "GA",
        "return_type": "forced",
        "region": str(Region.objects.get(code="savanes").pk),
        "prefecture": str(Prefecture.objects.get(code="tone").pk),
        "consent_given": "on",
        "immediate_needs": "Transport vers Dapaong.",
    }
    data.update(overrides)
    return data


def _errors(page: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", e).strip()
        for e in re.findall(r'<div class="invalid-feedback d-block"[^>]*>(.*?)</div>', page, re.S)
    ]


# field, typed value, the French message shown on that field
BAD_INTAKE = [
    ("return_date", days(3).isoformat(), "La date de retour ne peut pas être dans le futur."),
    ("return_date", "31/02/2024", "Indiquez une date valide (jj/mm/aaaa)."),
    ("return_date", "0001-01-01", "Cette date ne peut pas être antérieure au 1 janvier 1900."),
    (
        "return_date",
        "1987-12-31",
        "La date de retour ne peut pas précéder l'année de naissance (1988).",
    ),
    ("birth_year", "1850", "L'année de naissance doit être comprise entre 1900 et"),
    (
        "birth_year",
        str(timezone.localdate().year + 1),
        "L'année de naissance doit être comprise entre 1900 et",
    ),
    ("birth_year", "mille", "Indiquez une année en chiffres, par exemple 1994."),
    ("sex", "X", "Sélectionnez un choix valide"),
    ("return_type", "teleported", "Sélectionnez un choix valide"),
    ("returned_from", "ZZ", "Sélectionnez un choix valide"),
    ("vulnerabilities", ["flying"], "Sélectionnez un choix valide"),
    ("region", "999999", "Sélectionnez un choix valide"),
    ("first_name", "", "Ce champ est obligatoire."),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_INTAKE)
def test_bad_intake_is_refused_on_its_field_and_nothing_is_saved(
    worker: Client, field: str, value: Any, message: str
) -> None:
    before = Case.objects.count()

    response = worker.post(reverse("cases:case_create"), _form(**{field: value}))

    assert response.status_code == 400
    page = text(response)
    assert any(message in error for error in _errors(page)), _errors(page)
    assert "Rien n'a été enregistré" in page
    if field != "last_name":
        assert 'value="Adzoa"' in page
    assert 'value="Transport vers Dapaong."' not in page  # a textarea keeps it as content
    assert "Transport vers Dapaong." in page
    assert Case.objects.count() == before


def test_a_prefecture_outside_the_region_is_refused(worker: Client) -> None:
    kara_prefecture = Prefecture.objects.get(code="kozah")

    response = worker.post(reverse("cases:case_create"), _form(prefecture=str(kara_prefecture.pk)))

    assert response.status_code == 400
    assert "La préfecture Kozah n'est pas dans la région Savanes." in _errors(text(response))
    assert not Case.objects.filter(last_name="Adzoa").exists()


def test_the_intake_form_offers_only_the_prefectures_of_the_chosen_region(
    worker: Client,
) -> None:
    savanes = Region.objects.get(code="savanes")

    options = text(worker.get(reverse("cases:prefecture_options"), {"region": savanes.pk}))

    assert "Tône" in options
    assert "Kloto" not in options
    empty = text(worker.get(reverse("cases:prefecture_options"), {"region": "abc"}))
    assert "<option" in empty and "Kloto" not in empty
    page = text(worker.get(reverse("cases:case_create")))
    assert f'hx-get="{reverse("cases:prefecture_options")}"' in page


def test_a_typed_vulnerability_is_kept_when_the_form_is_shown_again(worker: Client) -> None:
    response = worker.post(
        reverse("cases:case_create"),
        _form(return_date=days(5).isoformat(), vulnerabilities=["minor", "disability"]),
    )

    page = text(response)
    assert re.search(r'value="minor"[^>]*checked', page)
    assert re.search(r'value="disability"[^>]*checked', page)
    assert not re.search(r'value="elderly"[^>]*checked', page)


def test_the_consent_checkbox_explains_what_is_agreed(worker: Client) -> None:
    page = text(worker.get(reverse("cases:case_create")))
    assert "consent au traitement de ses données" in page
    assert "ne sont vues que par son travailleur social et les superviseurs" in page
    assert "ne peut pas être évalué" in page


def test_an_assessment_marked_complete_without_notes_is_refused(
    worker: Client, at: Callable[[str], Case]
) -> None:
    case = at("assessment")

    response = worker.post(
        reverse("cases:assessment_form", args=[case.pk]),
        {"economic__employment": "none", "skills": "Soudure", "complete": "on"},
    )

    assert response.status_code == 400
    page = text(response)
    assert "Une évaluation complète décrit au moins la situation économique ou sociale." in page
    assert "Soudure" in page
    assert re.search(r'value="none"[^>]*checked', page)
    case.assessment.refresh_from_db()
    assert not case.assessment.complete
    assert case.assessment.skills == ""


def test_an_unknown_answer_in_the_assessment_is_refused(
    worker: Client, at: Callable[[str], Case]
) -> None:
    case = at("assessment")

    response = worker.post(
        reverse("cases:assessment_form", args=[case.pk]),
        {"economic__employment": "astronaut", "economic_notes": "Notes."},
    )

    assert response.status_code == 400
    assert any("Sélectionnez un choix valide" in e for e in _errors(text(response)))
    case.assessment.refresh_from_db()
    assert case.assessment.economic_notes == ""


def test_the_assessment_page_waits_for_the_assessment_step(
    worker: Client, cast: dict[str, Any]
) -> None:
    case = new_case(cast["users"]["caseworker1"])

    response = worker.get(reverse("cases:assessment_form", args=[case.pk]))
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()

    response = worker.post(
        reverse("cases:assessment_form", args=[case.pk]), {"economic_notes": "Tôt."}
    )
    assert response.status_code == 302
    case.assessment.refresh_from_db()
    assert case.assessment.economic_notes == ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("budget", "beaucoup", "Indiquez un montant en chiffres"),
        ("budget", "-5", "Le montant ne peut pas être négatif."),
        ("kind", "magic", "Sélectionnez un choix valide"),
        ("target_date", "demain", "Indiquez une date valide (jj/mm/aaaa)."),
        ("provider", "", "Ce champ est obligatoire."),
    ],
)
def test_a_bad_plan_item_is_refused_on_its_field(
    worker: Client, at: Callable[[str], Case], field: str, value: str, message: str
) -> None:
    case = at("assessment")
    data = {
        "dimension": "social",
        "kind": "housing",
        "provider": "Foyer",
        "budget": "120 000 FCFA",
        "target_date": days(30).isoformat(),
        field: value,
    }

    response = worker.post(reverse("cases:plan_builder", args=[case.pk]), data)

    assert response.status_code == 400
    assert any(message in e for e in _errors(text(response)))
    assert not PlanItem.objects.filter(case=case).exists()


def test_a_referral_completed_without_saying_what_was_done_is_refused(
    worker: Client, at: Callable[[str], Case], cast: dict[str, Any]
) -> None:
    case = at("in_support")
    referral = add_referral(case, cast["users"]["caseworker1"])
    worker.post(
        reverse("cases:referral_transition", args=[referral.pk, "accept"]),
        {"expected_state": "sent"},
    )

    response = worker.post(
        reverse("cases:referral_transition", args=[referral.pk, "complete"]),
        {"expected_state": "accepted", "outcome": "  ", "delivered_on": days(-1).isoformat()},
    )

    assert response.status_code == 400
    page = text(response)
    assert "Décrivez ce qui a été réalisé." in page
    assert f'value="{days(-1).isoformat()}"' in page
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_a_referral_delivered_in_the_future_is_refused(
    worker: Client, at: Callable[[str], Case], cast: dict[str, Any]
) -> None:
    case = at("in_support")
    referral = add_referral(case, cast["users"]["caseworker1"])
    worker.post(
        reverse("cases:referral_transition", args=[referral.pk, "accept"]),
        {"expected_state": "sent"},
    )

    response = worker.post(
        reverse("cases:referral_transition", args=[referral.pk, "complete"]),
        {"expected_state": "accepted", "outcome": "Fait.", "delivered_on": days(2).isoformat()},
    )

    assert response.status_code == 400
    assert "Cette date ne peut pas être dans le futur." in text(response)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_a_referral_action_on_a_stale_page_changes_nothing(
    worker: Client, at: Callable[[str], Case], cast: dict[str, Any]
) -> None:
    case = at("in_support")
    referral = add_referral(case, cast["users"]["caseworker1"])
    url = reverse("cases:referral_transition", args=[referral.pk, "accept"])
    worker.post(url, {"expected_state": "sent"})

    response = worker.post(
        reverse("cases:referral_transition", args=[referral.pk, "decline"]),
        {"expected_state": "sent", "note": "Trop tard."},
        follow=True,
    )

    assert "Entre-temps, quelqu'un d'autre a fait avancer" in text(response)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_a_referral_form_with_bad_values_keeps_them(
    worker: Client, at: Callable[[str], Case]
) -> None:
    case = at("in_support")

    response = worker.post(
        reverse("cases:referral_create", args=[case.pk]),
        {"service": "teleport", "provider": "Agence X", "due_date": "bientôt"},
    )

    assert response.status_code == 400
    page = text(response)
    errors = _errors(page)
    assert any("Sélectionnez un choix valide" in e for e in errors)
    assert "Indiquez une date valide (jj/mm/aaaa)." in errors
    assert 'value="Agence X"' in page
    assert not Referral.objects.filter(case=case).exists()


def test_referrals_wait_for_the_approved_plan(worker: Client, at: Callable[[str], Case]) -> None:
    case = at("assessment")

    response = worker.post(
        reverse("cases:referral_create", args=[case.pk]),
        {"service": "health", "provider": "CHU", "due_date": days(5).isoformat()},
        follow=True,
    )

    assert "Impossible dans l'état « En évaluation » du dossier." in text(response)
    assert not Referral.objects.filter(case=case).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Répondez à au moins un indicateur."),
        ({"answer_income": "2"}, "Sélectionnez un choix valide"),
        ({"answer_income": "0.5", "visit_date": days(1).isoformat()}, "ne peut pas être dans"),
        ({"answer_income": "0.5", "visit_date": "hier"}, "Indiquez une date valide"),
    ],
)
def test_a_bad_follow_up_is_refused_and_nothing_is_saved(
    worker: Client, at: Callable[[str], Case], data: dict[str, str], message: str
) -> None:
    case = at("in_support")
    posted = {"visit_date": days(0).isoformat(), "notes": "Visite à domicile.", **data}

    response = worker.post(reverse("cases:follow_up_create", args=[case.pk]), posted)

    assert response.status_code == 400
    page = text(response)
    assert message in page
    assert "Visite à domicile." in page
    assert not FollowUp.objects.filter(case=case).exists()


def test_the_follow_up_form_groups_the_active_indicators_by_dimension(
    worker: Client, at: Callable[[str], Case]
) -> None:
    from cases.models import SurveyIndicator

    SurveyIndicator.objects.filter(code="safety").update(active=False)
    case = at("in_support")

    page = text(worker.get(reverse("cases:follow_up_create", args=[case.pk])))

    economic = page.index("Dimension économique")
    social = page.index("Dimension sociale")
    psychosocial = page.index("Dimension psychosociale")
    assert economic < page.index("Revenu suffisant") < social
    assert social < page.index("Logement adéquat") < psychosocial
    assert psychosocial < page.index("Bien-être psychologique")
    assert "Sentiment de sécurité" not in page
    for value in ("0", "0.25", "0.5", "0.75", "1"):
        assert f'name="answer_income" value="{value}"' in page


def test_closing_without_a_reason_is_refused_with_the_reason_named(
    at: Callable[[str], Case], cast: dict[str, Any]
) -> None:
    case = at("follow_up")
    client = persona_client(cast, "caseworker1")

    response = client.post(
        reverse("cases:case_transition", args=[case.pk, "request_closure"]),
        {"expected_state": "follow_up", "reason": "", "comment": "Tout va bien."},
    )

    assert response.status_code == 400
    page = text(response)
    assert "Choisissez un motif de clôture" in page
    assert "Tout va bien." in page
    case.refresh_from_db()
    assert case.status == CaseStatus.FOLLOW_UP


def test_an_unknown_closure_reason_is_refused(
    at: Callable[[str], Case], cast: dict[str, Any]
) -> None:
    case = at("follow_up")

    response = persona_client(cast, "caseworker1").post(
        reverse("cases:case_transition", args=[case.pk, "request_closure"]),
        {"expected_state": "follow_up", "reason": "bored"},
    )

    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in text(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.FOLLOW_UP


def test_a_transition_from_a_stale_page_is_not_applied(
    at: Callable[[str], Case], cast: dict[str, Any]
) -> None:
    case = at("plan_submitted")

    response = persona_client(cast, "supervisor").post(
        reverse("cases:case_transition", args=[case.pk, "approve_plan"]),
        {"expected_state": "assessment"},
        follow=True,
    )

    assert "Entre-temps, quelqu'un d'autre a fait avancer" in text(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.PLAN_SUBMITTED


def test_a_transition_impossible_in_the_current_state_says_so(
    at: Callable[[str], Case], cast: dict[str, Any]
) -> None:
    case = at("in_support")

    response = persona_client(cast, "supervisor").post(
        reverse("cases:case_transition", args=[case.pk, "approve_closure"]),
        {"expected_state": "in_support"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert "impossible dans l'état « En accompagnement »" in text(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_SUPPORT


def test_an_unknown_transition_is_not_found(
    at: Callable[[str], Case], cast: dict[str, Any]
) -> None:
    case = at("in_support")
    response = persona_client(cast, "caseworker1").post(
        reverse("cases:case_transition", args=[case.pk, "teleport"]), {}
    )
    assert response.status_code == 404


def test_a_stale_intake_edit_is_not_saved(worker: Client, cast: dict[str, Any]) -> None:
    case = new_case(cast["users"]["caseworker1"])

    response = worker.post(
        reverse("cases:case_edit", args=[case.pk]),
        _form(expected_state="assessment", last_name="Changé"),
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.last_name != "Changé"


def test_an_identity_scan_is_uploaded_and_a_bad_file_refused(
    worker: Client, cast: dict[str, Any], settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    case = new_case(cast["users"]["caseworker1"])
    url = reverse("cases:attachment_upload", args=[case.pk])

    bad = SimpleUploadedFile("cni.png", b"not an image at all", content_type="image/png")
    response = worker.post(url, {"kind": "identity", "file": bad})
    assert response.status_code == 400
    assert "n'est ni un PDF, ni une image JPEG ou PNG" in text(response)
    assert not Attachment.objects.exists()

    good = SimpleUploadedFile("cni.pdf", b"%PDF-1.4\n%...\n", content_type="application/pdf")
    response = worker.post(url, {"kind": "identity", "file": good})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.kind == "identity"
    page = text(worker.get(case.get_absolute_url()))
    assert reverse("cases:attachment_download", args=[attachment.pk]) in page
    assert HistoryEntry.objects.for_object(case).filter(action="attach").exists()
    response = persona_client(cast, "supervisor").post(
        url, {"kind": "identity", "file": SimpleUploadedFile("x.pdf", b"%PDF-1.4\n")}
    )
    assert response.status_code == 403
