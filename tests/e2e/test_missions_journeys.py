"""Volunteering missions through the pages only: a teaching mission from the host's need
to the attestation verified at /verify/, and a medical mission refused approval until
the officer checks the expert's licence (on a phone-sized window)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from accounts.roles import Role
from audit.models import Source
from documents.models import DocumentKind, StoredDocument
from missions.choices import MissionStatus, NeedStatus
from missions.models import Mission, MissionNeed, ProfessionalLicence
from missions.services import licence_add
from tests.e2e.browsing import PHONE, Journey
from tests.factories import ExpertFactory, UserFactory
from tests.missions.builders import make_mission, make_need

pytestmark = pytest.mark.browser

TITLE = "Cours de réseaux informatiques, licence 3"
ISSUED = "Ce document a bien été émis par le Ministère."
LICENCE_UNCHECKED = "ne s'approuve qu'après la vérification de l'autorisation d'exercer"


def act(journey: Journey, page: Any, name: str) -> None:
    """Press the action button `name` of the page's « Ce que vous pouvez faire »."""
    journey.click(page.locator("main").get_by_role("button", name=name, exact=True).first)


def fire(journey: Journey, page: Any, mission: Mission, action: str, status: str) -> None:
    """From the mission's page, press `action`; the mission is then in `status`."""
    journey.visit(page, mission.get_absolute_url())
    act(journey, page, action)
    mission.refresh_from_db()
    assert mission.status == status, (action, mission.status)


def documents_listed(journey: Journey, page: Any, mission: Mission) -> str:
    """What the mission's page lists under « Ordre de mission et attestation »."""
    journey.visit(page, mission.get_absolute_url())
    return str(page.locator("#documents").inner_text())


def labelled(page: Any, text: str) -> Any:
    """The field labelled `text` (its label may end with the required field's marker)."""
    return page.get_by_label(re.compile(rf"^{re.escape(text)}(\s|$)"))


def fill_need(page: Any, starts_on: str, ends_on: str) -> None:
    labelled(page, "Intitulé").fill(TITLE)
    labelled(page, "Type de mission").select_option(label="Enseignement")
    labelled(page, "Discipline").fill("Informatique")
    page.get_by_label("Informatique et numérique").check()
    labelled(page, "Description").fill("Trois semaines de cours et de travaux pratiques.")
    labelled(page, "Lieu").fill("Campus nord, Lomé")
    region = labelled(page, "Région")
    if region.input_value() == "":
        region.select_option(label="Grand Lomé")
    prefecture = labelled(page, "Préfecture")
    prefecture.locator("option", has_text="Golfe").wait_for(state="attached")
    prefecture.select_option(label="Golfe")
    labelled(page, "Début").fill(starts_on)
    labelled(page, "Fin").fill(ends_on)


def test_a_teaching_mission_from_the_need_to_the_verified_attestation(journey: Journey) -> None:
    start = timezone.localdate() + timedelta(days=100)

    # The university writes its need, then submits it.
    page = journey.as_user("univ_lome")
    journey.visit(page, "/missions/")
    journey.click(page.get_by_role("link", name="Nouvelle demande"))
    fill_need(page, start.isoformat(), (start + timedelta(days=20)).isoformat())
    journey.click(page.get_by_role("button", name="Enregistrer le brouillon"))
    need = MissionNeed.objects.get(title=TITLE)
    assert page.url.endswith(need.get_absolute_url()), page.url
    act(journey, page, "Soumettre la demande")
    need.refresh_from_db()
    assert need.status == NeedStatus.SUBMITTED

    # The officer publishes it.
    officer = journey.as_user("officer")
    journey.visit(officer, need.get_absolute_url())
    act(journey, officer, "Publier la demande")
    need.refresh_from_db()
    assert need.status == NeedStatus.PUBLISHED

    # The professor in Paris applies.
    expert = journey.as_user("expert_paris")
    journey.visit(expert, need.get_absolute_url())
    journey.click(expert.locator("main").get_by_role("link", name="Candidater"))
    expert.get_by_label("Votre motivation").fill("J'enseigne les réseaux à Paris depuis dix ans.")
    journey.click(expert.get_by_role("button", name="Envoyer ma candidature"))
    mission = Mission.objects.get(need=need)
    assert mission.status == MissionStatus.APPLIED

    # The university shortlists, then selects the candidate from its need's page.
    journey.visit(page, need.get_absolute_url())
    journey.click(page.locator("#missions").get_by_role("link").first)
    act(journey, page, "Présélectionner")
    act(journey, page, "Retenir ce candidat")
    mission.refresh_from_db()
    assert mission.status == MissionStatus.SELECTED

    # The officer approves: the mission order is listed on the mission's page.
    fire(journey, officer, mission, "Approuver la mission", MissionStatus.APPROVED)
    assert "Ordre de mission" in documents_listed(journey, officer, mission)

    # The university starts the mission when the professor arrives; each side reports.
    fire(journey, page, mission, "Démarrer la mission", MissionStatus.IN_PROGRESS)
    for who, students, rating in ((expert, "45", "5"), (page, "42", "4")):
        journey.visit(who, mission.get_absolute_url())
        form = who.locator(
            "form", has=who.get_by_role("button", name="Rendre le rapport de mission")
        )
        form.get_by_label("Ce qui a été enseigné ou soigné").fill(
            "Routage, TCP/IP, travaux pratiques."
        )
        form.get_by_label("Nombre d'étudiants ou d'élèves").fill(students)
        form.get_by_label("Appréciation de la mission (1 à 5)").select_option(rating)
        act(journey, who, "Rendre le rapport de mission")
    mission.refresh_from_db()
    assert mission.status == MissionStatus.REPORTED

    # The officer certifies it: the attestation is listed, and verified by its code.
    fire(journey, officer, mission, "Attester la mission", MissionStatus.CERTIFIED)
    assert "Attestation de mission" in documents_listed(journey, officer, mission)
    certificate = StoredDocument.objects.filter(kind=DocumentKind.MISSION_CERTIFICATE).latest("pk")

    public = journey.new_page("visitor")
    journey.visit(public, "/verify/")
    public.get_by_label("Code de vérification").fill(certificate.verification_code)
    journey.click(public.get_by_role("button", name="Vérifier"))
    assert ISSUED in public.get_by_role("status").inner_text()

    journey.finish()


@pytest.fixture
def unchecked_doctor(cast: dict[str, Any]) -> Mission:
    """A surgeon of the Brussels embassy selected by the CHR de Kara for a medical need,
    its licence filed and not yet checked."""
    account: Any = UserFactory(username="doctor_liege", roles=[Role.DIASPORA_EXPERT])
    expert: Any = ExpertFactory(
        first_name="Kossi",
        last_name="Agbodjan",
        country="BE",
        city="Liège",
        profession="Chirurgien",
        competences=["medicine"],
        user=account,
        account_verified_at=timezone.now(),
    )
    need = make_need(
        NeedStatus.PUBLISHED,
        host="chr_kara",
        kind="medical",
        domains=("medicine",),
        starts_on=timezone.localdate() + timedelta(days=120),
    )
    mission = make_mission(MissionStatus.SELECTED, need=need, expert=expert)
    licence_add(
        country="BE",
        number="BE-MED-100200",
        profession="Médecin spécialiste en chirurgie",
        by=User.objects.get(pk=account.pk),
        source=Source.COMMAND,
    )
    return mission


def test_a_medical_mission_waits_for_the_checked_licence_on_a_phone(
    journey: Journey, unchecked_doctor: Mission
) -> None:
    mission = unchecked_doctor
    officer = journey.login("officer", viewport=PHONE)

    # Approval refused, in words: the licence is not checked.
    fire(journey, officer, mission, "Approuver la mission", MissionStatus.SELECTED)
    assert LICENCE_UNCHECKED in officer.locator("main").inner_text()

    # The officer opens the licence from the mission's page and checks it.
    licence = ProfessionalLicence.objects.get(expert=mission.expert)
    journey.visit(officer, mission.get_absolute_url())
    journey.click(officer.locator("#licence").get_by_role("link", name=re.compile("BE-MED-100200")))
    act(journey, officer, "Autorisation vérifiée")
    licence.refresh_from_db()
    assert licence.status == "checked"

    # Now the approval passes.
    fire(journey, officer, mission, "Approuver la mission", MissionStatus.APPROVED)

    journey.finish()
