"""On a phone (360 × 740): an association member writes and submits a proposal; the
officer opens its task and lands on the action.

No page of the journey may scroll sideways (`Journey.check` measures every page at this
width: `document.documentElement.scrollWidth <= window.innerWidth`).
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.browsing import PHONE, Journey
from tests.e2e.pages import (
    PROPOSAL_REFERENCE,
    expect_flash,
    fill_proposal,
    open_task,
    reference_on,
)

pytestmark = pytest.mark.browser


def test_an_association_submits_a_proposal_on_a_phone(journey: Journey) -> None:
    page = journey.as_user("assoc_paris", viewport=PHONE)
    assert page.viewport_size == PHONE
    journey.click(page.get_by_role("link", name="Nouveau projet"))
    fill_proposal(page, "Forage solaire de Kpalimé")
    journey.click(page.get_by_role("button", name="Soumettre"))
    reference = reference_on(page, PROPOSAL_REFERENCE)
    expect_flash(page, reference, "soumis")
    # Back to the list of the association's projects, from the menu.
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Coréalisation").click()
    journey.click(page.get_by_role("link", name="Projets", exact=True).first)
    assert reference in page.locator("main").inner_text()

    # The officer, on a phone too, opens the proposal's task: its action is on the first
    # screen, focused (`open_task`), without a sideways scroll.
    officer = journey.as_user("officer", viewport=PHONE)
    action = open_task(journey, officer, reference)
    assert action.get_by_role("button", name=re.compile("^Déclarer recevable")).is_visible()
    journey.finish()
