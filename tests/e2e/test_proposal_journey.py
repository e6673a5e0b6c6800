"""A co-realisation proposal from its draft to its financial closure, through the pages only.

The association member, the programme officer, two evaluators, the committee and finance
each log in through the login form and find their next step in «Mes tâches».
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.browsing import Journey
from tests.e2e.pages import (
    PROPOSAL_REFERENCE,
    expect_flash,
    fill_proposal,
    in_viewport,
    open_task,
    pdf_file,
    reference_on,
)

pytestmark = pytest.mark.browser


def test_a_proposal_from_draft_to_financial_closure(journey: Journey, tmp_path: Path) -> None:
    # The association writes a draft, completes it later, and submits it.
    page = journey.as_user("assoc_paris")
    journey.click(page.get_by_role("link", name="Nouveau projet"))
    fill_proposal(page, "Forage solaire de Kpalimé")
    journey.click(page.get_by_role("button", name="Enregistrer le brouillon"))
    reference = reference_on(page, PROPOSAL_REFERENCE)
    action = open_task(journey, page, reference, "Compléter et soumettre le brouillon")
    action.get_by_label("Localité").fill("Kpalimé, quartier Nord")
    journey.click(action.get_by_role("button", name="Soumettre"))
    expect_flash(page, reference, "soumis")

    # The officer declares it admissible and names two evaluators.
    page = journey.as_user("officer")
    action = open_task(journey, page, reference)
    action.get_by_label("Yao Adjovi").check()
    action.get_by_label("Afi Kpodar").check()
    journey.click(action.get_by_role("button", name=re.compile("^Déclarer recevable")))
    expect_flash(page, "En évaluation technique")

    # Each evaluator scores every criterion and recommends it.
    for evaluator in ("evaluator1", "evaluator2"):
        page = journey.as_user(evaluator)
        action = open_task(journey, page, reference)
        for criterion in action.get_by_role("radiogroup").all():
            criterion.get_by_role("radio", name="4", exact=True).check()
        action.get_by_role("radio", name="Favorable", exact=True).check()
        action.get_by_label("Commentaire", exact=True).fill("Besoin réel, budget réaliste.")
        journey.click(action.get_by_role("button", name="Déposer mon avis"))

    # The committee approves it with a grant (the largest the rules allow, proposed).
    page = journey.as_user("committee")
    action = open_task(journey, page, reference)
    assert (
        action.get_by_label("Subvention accordée (FCFA)")
        .input_value()
        .replace("\u202f", " ")
        .replace("\xa0", " ")
        == "4 000 000"
    )
    journey.click(action.get_by_role("button", name="Approuver et fixer la subvention"))
    expect_flash(page, "Approuvé")

    # The officer records the signed agreement: the project is under way.
    page = journey.as_user("officer")
    action = open_task(journey, page, reference)
    journey.click(action.get_by_role("button", name="Enregistrer la signature de la convention"))
    expect_flash(page, "En exécution")

    # Three tranches: each requested with its progress report (a text and a file, in the
    # request's own form), approved by the officer who finds the report in the request,
    # then paid.
    for number in (1, 2, 3):
        report = pdf_file(tmp_path, f"avancement-{number}.pdf")
        page = journey.as_user("assoc_paris")
        action = open_task(journey, page, reference, f"Demander la tranche n° {number}")
        action.get_by_role("textbox", name=re.compile("^Rapport d'avancement")).fill(
            f"Travaux de la tranche {number} réalisés."
        )
        action.get_by_label(re.compile("^Fichier du rapport")).set_input_files(report)
        journey.click(action.get_by_role("button", name=re.compile("^Demander la tranche")))
        expect_flash(page, f"tranche n° {number}", "Demandée")

        page = journey.as_user("officer")
        action = open_task(journey, page, reference)
        # The request's report heads the tranche's block, on the screen the task opens.
        tranche_block = page.locator("#actions .col-md-6", has=action)
        report_link = tranche_block.get_by_role("link", name=report.name)
        assert report_link.is_visible() and in_viewport(report_link), (
            f"the progress report {report.name} is not in view with the request the officer "
            "approves"
        )
        journey.click(action.get_by_role("button", name="Approuver la demande"))
        expect_flash(page, f"tranche n° {number}", "Approuvée")

        page = journey.as_user("finance")
        action = open_task(journey, page, reference)
        action.get_by_label("Référence du paiement").fill(f"VIR-2026-{number:04d}")
        journey.click(action.get_by_role("button", name="Enregistrer le paiement"))
        expect_flash(page, f"tranche n° {number}", "Payée")

    # Every tranche paid: the association is asked for its final report...
    page = journey.as_user("assoc_paris")
    action = open_task(journey, page, reference, "Joindre le rapport final")
    final_report = pdf_file(tmp_path, "rapport-final.pdf")
    action.get_by_label(re.compile("^Fichier")).set_input_files(final_report)
    journey.click(action.get_by_role("button", name="Joindre le rapport final"))
    expect_flash(page, final_report.name)

    # ...then the officer declares the project completed...
    page = journey.as_user("officer")
    action = open_task(journey, page, reference, "Déclarer achevé")
    journey.click(action.get_by_role("button", name="Déclarer achevé"))
    expect_flash(page, "Achevé")

    # ...and finance closes it.
    page = journey.as_user("finance")
    action = open_task(journey, page, reference, "Clôturer")
    journey.click(action.get_by_role("button", name="Clôturer financièrement"))
    expect_flash(page, "Clôturé")

    journey.finish()
