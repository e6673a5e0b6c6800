"""The observatory's dashboard in the browser: a programme officer, a cell supervisor
and an embassy's focal point open it from the menu, at a desktop's width and on a
phone (360 px), after a scenario of proposals and cases; the officer opens a chart's
table of figures and narrows the page to a region. No page may have an accessibility
violation (axe-core) or scroll sideways."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.e2e.browsing import PHONE, Journey
from tests.e2e.pages import open_menu_item
from tests.observatory.proposals_scenario import build
from tests.observatory.test_dashboard import settle_cases

pytestmark = pytest.mark.browser


def section_text(page: Any, name: str) -> str:
    return str(page.get_by_role("region", name=name).inner_text())


def open_table(page: Any, caption: str) -> None:
    """Open the table of figures under a chart (its summary names the chart)."""
    page.locator("summary", has_text=f"Les chiffres en tableau : {caption}").first.click()


def test_the_observers_read_the_dashboard_on_a_desktop_and_on_a_phone(journey: Journey) -> None:
    build()
    settle_cases(User.objects.get(username="supervisor"))

    # The officer, from the menu; then only the region of Plateaux.
    officer = journey.as_user("officer")
    open_menu_item(journey, officer, "Observatoire")
    assert officer.get_by_role("heading", level=1).inner_text().startswith("Observatoire")
    for name in ("Coréalisation", "Réintégration", "Diaspora"):
        assert officer.get_by_role("heading", name=name, level=2).is_visible()
    # Each chart's table is closed under its summary, and opens on a click.
    table = officer.get_by_role("table", name="Projets par région : les chiffres")
    assert table.count() == 0
    open_table(officer, "Projets par région")
    assert table.is_visible()
    # The lists where exports are made, and « Mes exports ».
    exports = officer.locator(".obs-export-places")
    assert exports.get_by_role("link", name="Mes exports").is_visible()
    assert exports.get_by_role("link", name="Projets").is_visible()
    officer.get_by_label("Région", exact=True).select_option(label="Plateaux")
    journey.click(officer.get_by_role("button", name="Filtrer"))
    open_table(officer, "Projets par région")
    regions = officer.get_by_role("table", name="Projets par région : les chiffres")
    assert regions.locator("tbody tr").count() == 1
    assert "Plateaux" in regions.inner_text()
    # A section of the page, from its list of sections.
    officer.get_by_role("link", name="Diaspora", exact=True).click()
    assert officer.get_by_role("heading", name="Diaspora", level=2).is_visible()

    # The supervisor sees the cases down to the prefectures; small counts say "<5".
    supervisor = journey.as_user("supervisor")
    open_menu_item(journey, supervisor, "Observatoire")
    cases = section_text(supervisor, "Réintégration")
    assert "Dossiers par préfecture d'installation" in cases
    assert "<5" in cases

    # The focal point of Paris: its jurisdiction, the cases by region only.
    focal = journey.as_user("focal_paris")
    open_menu_item(journey, focal, "Observatoire")
    assert "juridiction de votre ambassade" in focal.locator("main").inner_text()
    assert "Dossiers par préfecture" not in section_text(focal, "Réintégration")

    # Each of them on a phone: the charts and tables fit the window. The supervisor,
    # who sees no proposal, has no co-realisation section.
    for person, first in (
        ("officer", "Coréalisation"),
        ("supervisor", "Réintégration"),
        ("focal_paris", "Coréalisation"),
    ):
        phone = journey.login(person, viewport=PHONE)
        open_menu_item(journey, phone, "Observatoire")
        headings = phone.get_by_role("heading", level=2).all_inner_texts()
        assert headings[0] == first and "Diaspora" in headings
    journey.finish()
