"""The expert's space (availability, licences with their scan), the officers' check of
the licences, and the focal points' verification of the experts' accounts, as pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from missions.choices import LicenceStatus
from missions.models import Availability, ProfessionalLicence
from registry.models import Embassy, Expert
from tests.cases.pages import persona_client, text
from tests.factories import UserFactory
from tests.missions.builders import expert_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


# --- Availability -------------------------------------------------------------------


def test_an_expert_adds_and_removes_an_availability_window(cast: dict[str, Any]) -> None:
    client = persona_client(cast, "expert_paris")
    expert = expert_of("expert_paris")
    before = expert.availabilities.count()

    added = client.post(
        reverse("missions:availability"), {"starts_on": _day(300), "ends_on": _day(320)}
    )
    assert added.status_code == 302
    window = expert.availabilities.get(starts_on=timezone.localdate() + timedelta(days=300))
    page = text(client.get(reverse("missions:availability")))
    assert reverse("missions:availability_delete", args=[window.pk]) in page

    removed = client.post(reverse("missions:availability_delete", args=[window.pk]))
    assert removed.status_code == 302
    assert expert.availabilities.count() == before


def test_a_window_ending_before_it_starts_is_refused_on_its_field(cast: dict[str, Any]) -> None:
    response = persona_client(cast, "expert_paris").post(
        reverse("missions:availability"), {"starts_on": _day(40), "ends_on": _day(30)}
    )

    assert response.status_code == 400
    assert "La fin de la disponibilité ne peut précéder son début." in text(response)


def test_an_expert_cannot_remove_anothers_window(cast: dict[str, Any]) -> None:
    theirs = Availability.objects.filter(expert=expert_of("doctor_brussels")).first()
    assert theirs is not None

    response = persona_client(cast, "expert_paris").post(
        reverse("missions:availability_delete", args=[theirs.pk])
    )

    assert response.status_code == 404
    assert Availability.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("persona", ["officer", "univ_lome", "focal_paris", "assoc_paris"])
def test_the_availability_page_is_the_experts_only(cast: dict[str, Any], persona: str) -> None:
    response = persona_client(cast, persona).get(reverse("missions:availability"))

    assert response.status_code == 403
    assert "expert" in text(response)


# --- Licences -----------------------------------------------------------------------


def _file(name: str = "licence.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _upload(cast: dict[str, Any], file: SimpleUploadedFile, number: str = "FR-75-001") -> Any:
    return persona_client(cast, "expert_paris").post(
        reverse("missions:licence_create"),
        {"country": "FR", "number": number, "profession": "Médecin", "file": file},
    )


def test_an_expert_files_a_licence_with_its_scan(cast: dict[str, Any]) -> None:
    response = _upload(cast, _file())

    licence = ProfessionalLicence.objects.get(number="FR-75-001")
    assert response.status_code == 302
    assert response["Location"] == reverse("missions:licence_detail", args=[licence.pk])
    page = text(persona_client(cast, "expert_paris").get(response["Location"]))
    assert "licence.pdf" in page
    assert "À vérifier" in page
    listed = text(persona_client(cast, "expert_paris").get(reverse("missions:licence_list")))
    assert "FR-75-001" in listed and "Déposer une autorisation" in listed


def test_a_disguised_scan_is_refused_and_nothing_is_filed(cast: dict[str, Any]) -> None:
    response = _upload(cast, _file("licence.pdf", b"MZ\x90\x00 not a pdf"))

    assert response.status_code == 400
    assert "ni un PDF" in text(response)
    assert not ProfessionalLicence.objects.filter(number="FR-75-001").exists()


def test_an_oversized_scan_is_refused_and_nothing_is_filed(
    cast: dict[str, Any], settings: Any
) -> None:
    settings.FILE_UPLOAD_MAX_BYTES = 100

    response = _upload(cast, _file("licence.pdf", PDF + b"0" * 200))

    assert response.status_code == 400
    assert "la limite est de" in text(response)
    assert not ProfessionalLicence.objects.filter(number="FR-75-001").exists()


def test_a_licence_without_its_scan_is_refused(cast: dict[str, Any]) -> None:
    response = persona_client(cast, "expert_paris").post(
        reverse("missions:licence_create"),
        {"country": "FR", "number": "FR-1", "profession": "Médecin"},
    )

    assert response.status_code == 400
    assert "Joignez le scan" in text(response)
    assert not ProfessionalLicence.objects.filter(number="FR-1").exists()


def test_the_same_licence_twice_is_refused_in_words(cast: dict[str, Any]) -> None:
    _upload(cast, _file())

    again = _upload(cast, _file())

    assert again.status_code == 400
    assert "déjà déposée" in text(again)
    assert ProfessionalLicence.objects.filter(number="FR-75-001").count() == 1


def test_the_officer_sees_pending_licences_first_and_checks_one(cast: dict[str, Any]) -> None:
    _upload(cast, _file())
    licence = ProfessionalLicence.objects.get(number="FR-75-001")
    officer = persona_client(cast, "officer")

    listed = text(officer.get(reverse("missions:licence_list")))
    assert listed.index("À vérifier") < listed.index("FR-75-001") < listed.index("Vérifiées")
    page = officer.get(reverse("missions:licence_detail", args=[licence.pk]))
    assert "Autorisation vérifiée" in text(page)
    scan = page.context["scans"][0]
    download = officer.get(reverse("missions:licence_attachment_download", args=[scan.pk]))
    assert download.status_code == 200

    checked = officer.post(
        reverse("missions:licence_transition", args=[licence.pk, "check_licence"]),
        {"expected_state": "pending"},
    )
    assert checked.status_code == 302
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.CHECKED


def test_a_refusal_without_its_reason_is_refused_in_words(cast: dict[str, Any]) -> None:
    _upload(cast, _file())
    licence = ProfessionalLicence.objects.get(number="FR-75-001")

    response = persona_client(cast, "officer").post(
        reverse("missions:licence_transition", args=[licence.pk, "refuse_licence"]),
        {"expected_state": "pending", "comment": ""},
    )

    assert response.status_code == 400
    assert "Indiquez le motif du refus." in text(response)


def test_the_expert_cannot_check_its_own_licence(cast: dict[str, Any]) -> None:
    _upload(cast, _file())
    licence = ProfessionalLicence.objects.get(number="FR-75-001")
    client = persona_client(cast, "expert_paris")

    page = text(client.get(reverse("missions:licence_detail", args=[licence.pk])))
    response = client.post(
        reverse("missions:licence_transition", args=[licence.pk, "check_licence"]),
        {"expected_state": "pending"},
    )

    assert "Autorisation vérifiée" not in page
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["doctor_brussels", "univ_lome", "assoc_paris"])
def test_a_licence_is_not_found_by_whoever_does_not_see_it(
    cast: dict[str, Any], persona: str
) -> None:
    _upload(cast, _file())
    licence = ProfessionalLicence.objects.get(number="FR-75-001")

    response = persona_client(cast, persona).get(
        reverse("missions:licence_detail", args=[licence.pk])
    )

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["officer", "univ_lome", "focal_paris"])
def test_only_an_expert_files_a_licence(cast: dict[str, Any], persona: str) -> None:
    response = persona_client(cast, persona).get(reverse("missions:licence_create"))

    assert response.status_code == 403


# --- Experts' accounts --------------------------------------------------------------


def _unverified(embassy: str, username: str) -> Expert:
    UserFactory(username=username, first_name="Ama", roles=[Role.DIASPORA_EXPERT])
    user = User.objects.get(username=username)
    return Expert.objects.create(
        first_name="Ama",
        last_name="Mensah",
        country="FR" if embassy == "paris" else "BE",
        city="Lyon",
        profession="Ingénieure",
        education_level="master",
        embassy=Embassy.objects.get(code=embassy),
        user=user,
    )


def test_the_focal_point_verifies_an_account_of_its_jurisdiction(cast: dict[str, Any]) -> None:
    expert = _unverified("paris", "ama_lyon")
    client = persona_client(cast, "focal_paris")

    page = text(client.get(reverse("missions:expert_accounts")))
    assert "ama_lyon" in page and "Mensah" in page
    verified = client.post(reverse("missions:expert_account_verify", args=[expert.pk]))

    assert verified.status_code == 302
    expert.refresh_from_db()
    assert expert.account_verified_at is not None
    assert f'id="expert-{expert.pk}"' not in text(client.get(reverse("missions:expert_accounts")))


def test_a_focal_point_may_not_verify_another_embassys_account(cast: dict[str, Any]) -> None:
    expert = _unverified("bruxelles", "ama_gand")
    client = persona_client(cast, "focal_paris")

    assert "ama_gand" not in text(client.get(reverse("missions:expert_accounts")))
    response = client.post(reverse("missions:expert_account_verify", args=[expert.pk]))

    # Another jurisdiction's expert is not even said to exist.
    assert response.status_code == 404
    expert.refresh_from_db()
    assert expert.account_verified_at is None


def test_the_superuser_verifies_accounts_of_embassies_without_a_focal_point(
    cast: dict[str, Any],
) -> None:
    brussels = _unverified("bruxelles", "ama_gand")
    paris = _unverified("paris", "ama_lyon")
    client = persona_client(cast, "admin")

    page = text(client.get(reverse("missions:expert_accounts")))

    assert "ama_gand" in page and "ama_lyon" not in page
    assert (
        client.post(reverse("missions:expert_account_verify", args=[brussels.pk])).status_code
        == 302
    )
    assert paris.user is not None


@pytest.mark.parametrize("persona", ["officer", "expert_paris", "univ_lome", "auditor"])
def test_the_accounts_page_is_the_focal_points(cast: dict[str, Any], persona: str) -> None:
    response = persona_client(cast, persona).get(reverse("missions:expert_accounts"))

    assert response.status_code == 403


def test_an_account_now_acting_as_its_expert_reaches_its_space(cast: dict[str, Any]) -> None:
    expert = _unverified("paris", "ama_lyon")
    user = User.objects.get(username="ama_lyon")
    mine = persona_client(cast, "anonymous")
    mine.force_login(user)
    assert mine.get(reverse("missions:availability")).status_code == 403

    persona_client(cast, "focal_paris").post(
        reverse("missions:expert_account_verify", args=[expert.pk])
    )

    assert mine.get(reverse("missions:availability")).status_code == 200
