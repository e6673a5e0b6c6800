"""What people do on the platform's pages, written once for every journey.

Locators go by what a person sees: labels, roles and their names, visible text. Form
rows without a label of their own (budget lines, contributions) go by their field's name.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.e2e.browsing import Journey

PROPOSAL_REFERENCE = re.compile(r"COR-\d{4}-\d{5}")
CASE_REFERENCE = re.compile(r"CAS-\d{4}-\d{5}")
# A small but well-formed PDF, as an association's scanned report would be.
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf_file(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(PDF)
    return path


def flash(page: Any) -> str:
    """The messages shown at the top of the page after an action."""
    return " ".join(page.locator("main [role=alert], main .alert").all_inner_texts())


def expect_flash(page: Any, *fragments: str) -> None:
    shown = flash(page)
    for fragment in fragments:
        assert fragment in shown, f"expected «{fragment}» on {page.url}, the page says: {shown!r}"


def open_menu_item(journey: Journey, page: Any, name: str) -> None:
    """Follow a link of the main navigation (opening the menu first on a narrow window)."""
    link = page.get_by_role("navigation").first.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        page.get_by_role("button", name="Menu").click()
    journey.click(link)


def open_task(journey: Journey, page: Any, reference: str, action: str | None = None) -> None:
    """From "Mes tâches", open the task about `reference` (the one named `action`, if given)."""
    open_menu_item(journey, page, "Mes tâches")
    # The innermost row, item or card naming the reference: the task's own, whether the
    # list is a table or stacked cards.
    item = ":is(tr, li, article, .card)"
    items = (
        page.locator("main")
        .locator(item)
        .filter(has_text=reference)
        .filter(has_not=page.locator(item, has_text=reference))
    )
    if action is not None:
        items = items.filter(has_text=action)
    assert items.count(), (
        f"{reference}: no task{f' «{action}»' if action else ''} in "
        f"«Mes tâches»; the list says: {page.locator('main').inner_text()!r}"
    )
    journey.click(items.first.get_by_role("link").first)


def reference_on(page: Any, pattern: re.Pattern[str]) -> str:
    found = pattern.search(page.locator("main").inner_text())
    assert found, f"no reference on {page.url}"
    return found.group(0)


def attach(journey: Journey, page: Any, kind: str, file: Path) -> None:
    """Attach a file of the given kind through the page's «Pièces jointes» form."""
    page.get_by_label("Type de pièce").select_option(label=kind)
    page.get_by_label(re.compile(r"^Fichier")).set_input_files(file)
    journey.click(page.get_by_role("button", name="Joindre la pièce"))
    expect_flash(page, file.name)


def fill_proposal(page: Any, title: str) -> None:
    """The proposal form, filled as the association would: project, place, budget, funding.

    10 000 000 FCFA of budget, funded by the association (4 000 000 in cash), the local
    community (1 000 000 in kind), the State (4 000 000 asked) and a partner (1 000 000):
    every rule of the demo call holds.
    """
    page.get_by_label("Intitulé").fill(title)
    page.get_by_label("Secteur").select_option(label="Eau et assainissement")
    page.get_by_label("Résumé").fill("Un forage équipé d'une pompe solaire pour le quartier Nord.")
    page.get_by_label("Région").select_option(label="Plateaux")
    # The prefectures of the region arrive once the region is chosen.
    prefecture = page.get_by_label("Préfecture")
    prefecture.locator("option", has_text="Kloto").wait_for(state="attached")
    prefecture.select_option(label="Kloto")
    page.get_by_label("Localité").fill("Kpalimé")
    page.get_by_label("Partenaire local").fill("Comité de développement de Kpalimé")
    for row, (label, amount) in enumerate([("Forage", "6000000"), ("Pompe solaire", "4000000")]):
        page.locator(f"[name=budget-{row}-label]").fill(label)
        page.locator(f"[name=budget-{row}-amount]").fill(amount)
    # The four contribution rows come with their source and kind chosen.
    for row, amount in enumerate(["4000000", "1000000", "4000000", "1000000"]):
        page.locator(f"[name=contrib-{row}-amount]").fill(amount)
