"""The language switch: French to English and back, the page's text following."""

from __future__ import annotations

import pytest

from tests.e2e.browsing import Journey

pytestmark = pytest.mark.browser


def test_switching_to_english_and_back_changes_the_page_text(journey: Journey) -> None:
    page = journey.login("assoc_paris")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Mon espace", level=1).is_visible()

    journey.click(page.get_by_role("button", name="English"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="My dashboard", level=1).is_visible()
    assert page.get_by_role("region", name="My tasks").is_visible()
    # The choice holds on the next page.
    journey.click(page.get_by_role("link", name="New project"))
    assert page.get_by_role("button", name="Submit").is_visible()

    journey.click(page.get_by_role("button", name="Français"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("button", name="Soumettre").is_visible()
    journey.visit(page, "/")
    assert page.get_by_role("heading", name="Mon espace", level=1).is_visible()
    journey.finish()
