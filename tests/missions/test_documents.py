"""The mission order and the attestation: issued on approval and certification as
PDF/A-3b with their JSON attached, verifiable at /verify/, retried after a failure,
downloaded by whoever sees the mission; and who attaches pieces to needs, missions
and licences."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from audit.models import HistoryEntry, Source
from documents import access
from documents import services as document_services
from documents.attachments import attach
from documents.models import AttachmentKind, DocumentKind, StoredDocument
from missions import services
from missions.choices import LicenceStatus, MissionStatus, NeedStatus
from missions.documents import documents_of_mission
from missions.models import Mission, ProfessionalLicence
from processes.transitions import InvalidState, NotAllowed
from tests.documents.conftest import SITE, embedded_json, pdf_of, text_of
from tests.missions.builders import expert_of, make_mission, make_need, user

pytestmark = pytest.mark.django_db

ORDER = DocumentKind.MISSION_ORDER
CERTIFICATE = DocumentKind.MISSION_CERTIFICATE


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.SITE_URL = SITE


@pytest.fixture
def approved(cast: Any, django_capture_on_commit_callbacks: Any) -> Mission:
    """expert_paris's teaching mission at the Université de Lomé, approved by the officer."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_mission(MissionStatus.APPROVED, expert_user="expert_paris")


@pytest.fixture
def order(approved: Mission) -> StoredDocument:
    return StoredDocument.objects.for_owner(approved).get(kind=ORDER)


@pytest.fixture
def certified(cast: Any, django_capture_on_commit_callbacks: Any) -> Mission:
    with django_capture_on_commit_callbacks(execute=True):
        return make_mission(MissionStatus.CERTIFIED, expert_user="expert_paris")


@pytest.fixture
def certificate(certified: Mission) -> StoredDocument:
    return StoredDocument.objects.for_owner(certified).get(kind=CERTIFICATE)


@pytest.fixture
def broken_renderer(monkeypatch: Any) -> Any:
    def fail(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("pango exploded")

    monkeypatch.setattr(document_services, "render_pdf", fail)
    return monkeypatch


def assert_pdf_a_3b_with_json(document: StoredDocument) -> dict[str, Any]:
    reader = pdf_of(document)
    xmp = reader.xmp_metadata
    assert xmp is not None
    metadata = xmp.stream.get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in metadata
    assert 'pdfaid:conformance="B"' in metadata
    with document.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == document.sha256
    data = embedded_json(document)
    assert data == document.payload
    assert data["document"]["verification_address"] == f"{SITE}/verify/"
    return data


def shown(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def assert_verified(response: Any, document: StoredDocument, label: str) -> None:
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ce document a bien été émis par le Ministère." in page
    assert label in page
    assert document.reference in page
    assert document.sha256 in page
    # Nothing of the content: neither the expert nor the host.
    assert "Afanou" not in page
    assert "Université de Lomé" not in page


# --- The mission order ------------------------------------------------------------------------


def test_approval_issues_the_mission_order_once_the_transition_commits(approved, order):
    assert approved.status == MissionStatus.APPROVED
    assert order.version == 1
    assert order.reference == approved.reference
    assert order.created_by == user("officer")
    assert not StoredDocument.objects.for_owner(approved).filter(kind=CERTIFICATE).exists()
    assert list(documents_of_mission(approved)) == [order]


def test_the_order_is_pdf_a_3b_and_carries_the_mission_s_facts(approved, order):
    data = assert_pdf_a_3b_with_json(order)
    need = approved.need
    assert data["schema"] == "ordre-de-mission/1"
    assert data["reference"] == approved.reference
    assert data["document"]["kind"] == ORDER
    assert data["expert"] == {
        "first_name": "Kodjovi",
        "last_name": "Afanou",
        "profession": "Professeur d'informatique",
        "country": "FR",
        "city": "Paris",
    }
    assert data["host"]["name"] == "Université de Lomé"
    assert data["need"]["kind"] == "teaching"
    assert data["need"]["starts_on"] == need.starts_on.isoformat()
    assert data["need"]["ends_on"] == need.ends_on.isoformat()
    assert data["need"]["days"] == 14
    assert data["host_provides"] == ["lodging"]
    assert data["ministry_covers"] == ["travel"]
    assert data["approved_by"] == "Essi Mensah"
    assert data["approved_at"] is not None
    # Whoever sees the mission reads the order: no contact details in it.
    assert "email" not in str(data) and "@" not in str(data)


def test_the_order_reads_as_a_french_mission_order(approved, order):
    text = text_of(order)
    assert "RÉPUBLIQUE TOGOLAISE" in text
    assert "ORDRE DE MISSION" in text
    assert f"N° {approved.reference} — version 1" in text
    assert "Kodjovi Afanou" in text
    assert "Professeur d'informatique" in text
    assert "Paris (France)" in text
    assert "Université de Lomé (Université)" in text
    assert "Enseignement" in text and "Informatique" in text
    assert "(14 jours)" in text
    assert "Hébergement" in text and "Voyage international" in text
    assert "approuvée le" in text and "par Essi Mensah" in text
    assert shown(order.verification_code) in text
    assert f"{SITE}/verify/" in text


def test_the_order_verifies_by_its_code_and_by_the_file(order):
    response = Client().post("/verify/", {"code": shown(order.verification_code)}, follow=True)
    assert response.redirect_chain == [(f"/verify/{order.sha256}/", 302)]
    assert_verified(response, order, "Ordre de mission")
    with order.file.open("rb") as handle:
        upload = SimpleUploadedFile("ordre.pdf", handle.read(), "application/pdf")
    assert_verified(Client().post("/verify/", {"file": upload}, follow=True), order, "Ordre")


# --- The attestation --------------------------------------------------------------------------


def test_certification_issues_the_attestation_with_what_was_done(certified, certificate):
    data = assert_pdf_a_3b_with_json(certificate)
    assert data["schema"] == "attestation-de-mission/1"
    assert data["reference"] == certified.reference
    assert data["certified_by"] == "Essi Mensah"
    assert data["certified_at"] is not None
    assert [(r["author"], r["students"], r["rating"]) for r in data["reports"]] == [
        ("expert", 30, 5),
        ("host", 30, 4),
    ]
    assert [r["summary"] for r in data["reports"]] == ["Cours donnés.", "Mission utile."]
    text = text_of(certificate)
    assert "ATTESTATION DE MISSION" in text
    assert "atteste que Kodjovi Afanou" in text
    assert "Cours donnés." in text and "Mission utile." in text
    assert "pour servir et valoir ce que de droit" in text
    kinds = [document.kind for document in documents_of_mission(certified)]
    assert kinds == [ORDER, CERTIFICATE]


def test_the_attestation_verifies_by_its_code_and_by_the_file(certificate):
    response = Client().post(
        "/verify/", {"code": shown(certificate.verification_code)}, follow=True
    )
    assert_verified(response, certificate, "Attestation de mission")
    with certificate.file.open("rb") as handle:
        upload = SimpleUploadedFile("attestation.pdf", handle.read(), "application/pdf")
    response = Client().post("/verify/", {"file": upload}, follow=True)
    assert_verified(response, certificate, "Attestation de mission")


# --- Failures and regeneration ----------------------------------------------------------------


def test_a_failed_order_leaves_the_approval_done_and_is_retried(
    cast, broken_renderer, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mission = make_mission(MissionStatus.APPROVED, expert_user="expert_paris")
    mission.refresh_from_db()
    assert mission.status == MissionStatus.APPROVED
    assert not documents_of_mission(mission).exists()
    (failure,) = document_services.failures_of(mission, ORDER)
    assert "pango exploded" in failure.error
    assert HistoryEntry.objects.for_object(mission).filter(action="document_failed").exists()

    broken_renderer.undo()
    response = client_for(user("officer")).post(
        f"/documents/regenerate/mission_order/{mission.pk}/", {"next": "/"}, follow=True
    )
    assert response.status_code == 200
    assert "le document est prêt" in response.content.decode()
    assert documents_of_mission(mission).get().kind == ORDER
    assert not document_services.failures_of(mission).exists()


def test_only_an_officer_regenerates_and_only_a_document_that_is_due(approved, order, client_for):
    regenerate = f"/documents/regenerate/{{kind}}/{approved.pk}/"
    host = client_for(user("univ_lome"))
    assert host.post(regenerate.format(kind=ORDER)).status_code == 403
    officer = client_for(user("officer"))
    # No attestation before the certification, whatever the address says.
    assert officer.post(regenerate.format(kind=CERTIFICATE)).status_code == 403
    assert not documents_of_mission(approved).filter(kind=CERTIFICATE).exists()
    assert officer.post(regenerate.format(kind=ORDER), {"next": "/"}).status_code == 302
    assert [d.version for d in documents_of_mission(approved)] == [2, 1]


# --- Who downloads them -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("expert_paris", 200),
        ("univ_lome", 200),
        ("officer", 200),
        ("auditor", 200),
        ("focal_paris", 200),
        ("chr_kara", 404),
        ("doctor_brussels", 404),
        ("assoc_paris", 404),
        ("caseworker1", 404),
        ("committee", 404),
    ],
)
def test_who_downloads_the_mission_order(order, client_for, username, status):
    response = client_for(user(username)).get(f"/documents/{order.pk}/download/")
    assert response.status_code == status
    if status == 200:
        content = b"".join(response.streaming_content)
        assert hashlib.sha256(content).hexdigest() == order.sha256
        name = f"ordre-de-mission-{order.reference}-v1.pdf"
        assert f'filename="{name}"' in response["Content-Disposition"]


def test_the_attestation_downloads_for_the_expert_and_not_for_another_host(certificate, client_for):
    address = f"/documents/{certificate.pk}/download/"
    assert client_for(user("expert_paris")).get(address).status_code == 200
    assert client_for(user("chr_kara")).get(address).status_code == 404
    assert Client().get(address).status_code == 302


# --- Attachments ------------------------------------------------------------------------------


def pdf_upload(name: str = "piece.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-" + b"0" * 2048, "application/pdf")


def put(owner: Any, kind: str, username: str) -> Any:
    return attach(owner=owner, kind=kind, upload=pdf_upload(), by=user(username), source=Source.WEB)


def test_the_host_attaches_a_syllabus_until_the_need_is_staffed(cast):
    need = make_need(NeedStatus.DRAFT)
    assert put(need, AttachmentKind.SYLLABUS, "univ_lome").owner == need
    with pytest.raises(NotAllowed):
        put(need, AttachmentKind.SYLLABUS, "chr_kara")
    with pytest.raises(NotAllowed):
        put(need, AttachmentKind.SYLLABUS, "expert_paris")
    staffed = make_need(NeedStatus.STAFFED, volunteers=1)
    with pytest.raises(NotAllowed, match="tant qu'elle n'est pas pourvue"):
        put(staffed, AttachmentKind.EQUIPMENT_LIST, "univ_lome")
    assert put(staffed, AttachmentKind.EQUIPMENT_LIST, "officer").owner == staffed
    cancelled = make_need(NeedStatus.CANCELLED)
    with pytest.raises(InvalidState):
        put(cancelled, AttachmentKind.OTHER, "officer")


def test_the_expert_and_the_host_attach_to_their_mission_until_it_is_over(cast):
    mission = make_mission(MissionStatus.IN_PROGRESS, expert_user="expert_paris")
    assert put(mission, AttachmentKind.OTHER, "expert_paris").owner == mission
    assert put(mission, AttachmentKind.OTHER, "univ_lome").owner == mission
    for stranger in ("doctor_brussels", "chr_kara", "officer"):
        with pytest.raises(NotAllowed):
            put(mission, AttachmentKind.OTHER, stranger)
    services.mission_cancel(
        mission=mission, comment="Annulée.", by=user("officer"), source=Source.WEB
    )
    mission.refresh_from_db()
    with pytest.raises(InvalidState):
        put(mission, AttachmentKind.OTHER, "expert_paris")


def test_the_expert_attaches_its_licence_scan_while_it_waits_for_the_check(cast):
    licence = ProfessionalLicence.objects.create(
        expert=expert_of("doctor_brussels"), country="BE", number="B-1", profession="Médecin"
    )
    assert put(licence, AttachmentKind.LICENCE, "doctor_brussels").owner == licence
    with pytest.raises(NotAllowed):
        put(licence, AttachmentKind.LICENCE, "expert_paris")
    services.licence_check(licence=licence, by=user("officer"), source=Source.WEB)
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.CHECKED
    with pytest.raises(InvalidState):
        put(licence, AttachmentKind.LICENCE, "doctor_brussels")


def test_a_mission_piece_downloads_only_for_those_who_see_the_mission(cast):
    mission = make_mission(MissionStatus.IN_PROGRESS, expert_user="expert_paris")
    piece = put(mission, AttachmentKind.OTHER, "univ_lome")
    for username, sees in [
        ("expert_paris", True),
        ("officer", True),
        ("auditor", True),
        ("focal_paris", True),
        ("chr_kara", False),
        ("doctor_brussels", False),
    ]:
        assert access.can_download(user(username), piece) is sees, username
