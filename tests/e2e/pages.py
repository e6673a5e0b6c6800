"""What people do on the platform's pages, written once for every journey.

Locators go by what a person sees: labels, roles and their names, visible text. Form
rows without a label of their own (budget lines, contributions) go by their field's name.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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


def open_task(journey: Journey, page: Any, reference: str, action: str | None = None) -> Any:
    """From "Mes tâches", open the task about `reference` (the one named `action`, if given).

    The task's link opens its action: its own page, or a section of the case's or
    proposal's page (`#action-…`) that must then be on the screen with the keyboard focus
    in it. Returns where the action is done: that section, or the page's main content.
    """
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
    return landed_action(page)


def landed_action(page: Any) -> Any:
    """The section a task's link points to (`#…`), asserted on the screen and focused."""
    anchor = urlsplit(page.url).fragment
    if not anchor:
        return page.locator("main")
    section = page.locator(f"[id='{anchor}']")
    assert section.count() == 1, f"{page.url}: no section #{anchor} on the page"
    where = section.evaluate(
        """(el) => {
          const box = el.getBoundingClientRect();
          return {top: box.top, bottom: box.bottom, height: window.innerHeight,
                  focused: el.contains(document.activeElement)};
        }"""
    )
    # Scrolled to its top: within a pixel of the window's top (sub-pixel layout), or lower.
    assert -1 <= where["top"] < where["height"], (
        f"{page.url}: the action #{anchor} is not on the screen (its top at "
        f"{where['top']:.0f} px, the window {where['height']} px high)"
    )
    assert where["focused"], f"{page.url}: the keyboard focus is not in the action #{anchor}"
    return section


def reference_on(page: Any, pattern: re.Pattern[str]) -> str:
    found = pattern.search(page.locator("main").inner_text())
    assert found, f"no reference on {page.url}"
    return found.group(0)


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


def in_viewport(locator: Any) -> bool:
    """Whether the element is (at least partly) on the screen, without scrolling."""
    return bool(
        locator.evaluate(
            """(el) => {
              const box = el.getBoundingClientRect();
              return box.bottom > 0 && box.top < window.innerHeight
                && box.right > 0 && box.left < window.innerWidth;
            }"""
        )
    )
