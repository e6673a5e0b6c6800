"""A returnee's case from intake to reopening, through the pages, as caseworker and supervisor."""

from __future__ import annotations

import re

import pytest

from tests.e2e.browsing import Journey
from tests.e2e.pages import CASE_REFERENCE, expect_flash, in_viewport, open_task, reference_on

pytestmark = pytest.mark.browser

ASSESSMENT = [
    ("Situation d'emploi", "Sans activité"),
    ("Le revenu couvre-t-il les besoins essentiels ?", "Non"),
    ("Dettes liées à la migration", "Oui"),
    ("Logement", "Hébergé(e) par la famille"),
    ("Soutien de la famille ou de la communauté", "En partie"),
    ("Pièces d'identité valides", "Oui"),
    ("Bien-être ressenti", "Moyen"),
    ("Troubles du sommeil", "Non"),
    ("Souhaite un soutien psychosocial", "Oui"),
]


def decide(journey: Journey, page, reference: str, action: str, **fields: str) -> None:
    """The supervisor opens the decision waiting on this case from «Mes tâches» and takes it
    where the task lands (on the screen, focused: `open_task`)."""
    scope = open_task(journey, page, reference)
    if not scope.get_by_role("button", name=action, exact=True).count():
        # The other answer to the same decision (a refusal) sits beside the one the task
        # lands on, in the panel «Ce que vous pouvez faire», on the same screen.
        button = page.get_by_role("region", name="Ce que vous pouvez faire").get_by_role(
            "button", name=action, exact=True
        )
        assert in_viewport(button), f"«{action}» is not beside the decision the task opened"
        scope = page.locator(
            "[id^='action-']", has=page.get_by_role("button", name=action, exact=True)
        )
    for label, value in fields.items():
        scope.get_by_label(label).fill(value)
    journey.click(scope.get_by_role("button", name=action, exact=True))


def test_a_case_from_intake_to_reopening(journey: Journey) -> None:
    # Intake without the person's consent: recorded, but the assessment is refused.
    page = journey.as_user("caseworker1")
    journey.click(page.get_by_role("link", name="Nouveau dossier").first)
    page.get_by_label("Prénom").fill("Kossi")
    page.get_by_role("textbox", name="Nom", exact=True).fill("Adzo")
    page.get_by_role("radio", name="Homme").check()
    page.get_by_label("Année de naissance").fill("1990")
    page.get_by_label("Téléphone").fill("+228 90 00 00 00")
    page.get_by_label("Date de retour au Togo").fill("2026-11-02")
    page.get_by_label("Pays de retour").select_option(label="Libye")
    page.get_by_label("Type de retour").select_option(label="Volontaire")
    page.get_by_label("Région d'installation").select_option(label="Maritime")
    prefecture = page.get_by_label("Préfecture d'installation")
    prefecture.locator("option", has_text="Zio").wait_for(state="attached")
    prefecture.select_option(label="Zio")
    page.get_by_label("Besoins immédiats").fill("Logement, soins.")
    journey.click(page.get_by_role("button", name="Enregistrer"))
    reference = reference_on(page, CASE_REFERENCE)
    expect_flash(page, reference, "consentement")

    journey.click(page.get_by_role("button", name="Commencer l'évaluation"))
    expect_flash(page, "consentement")
    assert "Enregistré" in page.locator("main").inner_text()

    # With consent recorded, the assessment starts.
    journey.click(page.get_by_role("link", name=re.compile("^Modifier")).first)
    page.get_by_label(re.compile("consent")).check()
    journey.click(page.get_by_role("button", name="Enregistrer"))
    journey.click(page.get_by_role("button", name="Commencer l'évaluation"))
    expect_flash(page, "En évaluation")

    # Assessment, then the plan, submitted to the supervisor.
    journey.click(page.get_by_role("link", name="Évaluation", exact=True).first)
    for question, answer in ASSESSMENT:
        group = page.get_by_role("group", name=question, exact=True)
        group.get_by_role("radio", name=answer, exact=True).check()
    page.get_by_label("Situation économique").fill("Sans revenu depuis le retour.")
    page.get_by_label("Compétences et expérience").fill("Mécanicien, dix ans d'expérience.")
    page.get_by_label(re.compile("évaluation est complète")).check()
    journey.click(page.get_by_role("button", name="Enregistrer l'évaluation"))

    journey.click(page.get_by_role("link", name="Construire le plan").first)
    page.get_by_label("Dimension").select_option(label="Économique")
    page.get_by_label("Type d'assistance").select_option(label="Création d'activité")
    page.get_by_label("Prestataire").fill("Chambre des métiers du Zio")
    page.get_by_label("Budget (FCFA)").fill("250000")
    page.get_by_label("Échéance").fill("2027-03-31")
    page.get_by_label("Description").fill("Formation en gestion et kit d'outils de mécanique.")
    journey.click(page.get_by_role("button", name="Ajouter au plan"))
    journey.click(page.get_by_role("button", name="Soumettre le plan"))
    expect_flash(page, "Plan soumis")

    # The supervisor approves the plan.
    supervisor = journey.as_user("supervisor")
    decide(journey, supervisor, reference, "Approuver le plan")
    expect_flash(supervisor, "En accompagnement")

    # Support: a referral, answered and delivered; then follow-up and a visit.
    page = journey.as_user("caseworker1")
    action = open_task(journey, page, reference)
    journey.click(action.get_by_role("link", name="Nouvelle orientation"))
    page.get_by_label("Service").select_option(label="Emploi")
    page.get_by_label("Prestataire").fill("Agence nationale pour l'emploi")
    page.get_by_label("Échéance").fill("2027-01-15")
    page.get_by_label("Note").fill("Inscription au programme d'insertion.")
    journey.click(page.get_by_role("button", name="Envoyer l'orientation"))
    referrals = page.get_by_role("region", name="Orientations")
    referrals.get_by_text("Noter la réponse du prestataire").click()
    journey.click(referrals.get_by_role("button", name="Acceptée par le prestataire"))
    referrals = page.get_by_role("region", name="Orientations")
    referrals.get_by_text("Noter la réponse du prestataire").click()
    referrals.get_by_label("Ce qui a été réalisé").fill("Inscrit, première session suivie.")
    journey.click(referrals.get_by_role("button", name="Réalisée", exact=True))
    journey.click(page.get_by_role("button", name="Passer en suivi"))
    expect_flash(page, "En suivi")

    journey.click(page.get_by_role("link", name="Nouvelle visite de suivi").first)
    for indicator in page.get_by_role("group", name=re.compile(r"\(poids")).all():
        indicator.get_by_role("radio", name="0,75", exact=True).check()
    page.get_by_label("Notes de la visite").fill("Atelier ouvert, revenus réguliers.")
    journey.click(page.get_by_role("button", name="Enregistrer la visite"))

    # Closure requested, refused by the supervisor, requested again and approved.
    page.get_by_label("Motif de clôture").select_option(label="Plan réalisé")
    journey.click(page.get_by_role("button", name="Demander la clôture"))
    expect_flash(page, "Clôture demandée")
    decide(
        journey,
        supervisor,
        reference,
        "Refuser la clôture",
        **{"Pourquoi la clôture est refusée": "Une visite de plus avant de clôturer."},
    )
    expect_flash(supervisor, "En suivi")

    action = open_task(journey, page, reference)
    action.get_by_label("Motif de clôture").select_option(label="Plan réalisé")
    journey.click(action.get_by_role("button", name="Demander la clôture"))
    decide(journey, supervisor, reference, "Approuver la clôture")
    expect_flash(supervisor, "Clôturé")

    # The supervisor reopens it: back to assessment.
    journey.click(supervisor.get_by_role("link", name="Dossiers", exact=True).first)
    journey.click(supervisor.get_by_role("link", name=re.compile(reference)).first)
    supervisor.get_by_label("Pourquoi le dossier est rouvert").fill("Nouvelle demande d'aide.")
    journey.click(supervisor.get_by_role("button", name="Rouvrir le dossier"))
    expect_flash(supervisor, "En évaluation")

    journey.finish()
