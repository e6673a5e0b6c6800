"""The difficulties register through the pages: the focal point of Paris merges a report
sent twice into the first one and answers it, and the second reporter, by their own
code, reads « fusionné » and the answer; a programme officer sees a referral past its
due date in red in the register, and its task in « Mes tâches »."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from difficulties.choices import DifficultyStatus
from difficulties.models import Difficulty
from tests.difficulties.builders import make_difficulty
from tests.e2e.browsing import PHONE, Journey
from tests.e2e.pages import open_task
from tests.e2e.test_difficulties_reporting import act, follow, labelled, open_register

pytestmark = pytest.mark.browser

S = DifficultyStatus
ANSWER = "Les passeports demandés en mars sont arrivés au consulat : retirez-les sans rendez-vous."
RED = re.compile(r"rgb\((1[5-9]\d|2\d\d), (\d{1,2}), (\d{1,2})\)")


def test_a_duplicate_is_merged_and_its_reporter_reads_the_main_answer(
    journey: Journey,
) -> None:
    main = make_difficulty(S.QUALIFIED)
    second = make_difficulty(S.REPORTED)

    focal = journey.as_user("focal_paris")
    journey.visit(focal, second.get_absolute_url())
    action = focal.locator("#action-merge")
    labelled(action, "Code de suivi du signalement principal").fill(main.tracking_code)
    act(journey, action, "Fusionner avec un autre signalement")
    second.refresh_from_db()
    assert (second.status, second.merged_into_id) == (S.DUPLICATE, main.pk)
    assert main.tracking_code in focal.locator("#merged-into").inner_text()

    journey.visit(focal, main.get_absolute_url())
    assert second.tracking_code in focal.locator("#duplicates").inner_text()
    labelled(focal.locator("#action-answer"), "Réponse au déclarant").fill(ANSWER)
    act(journey, focal.locator("#action-answer"), "Enregistrer la réponse")
    main.refresh_from_db()
    assert main.status == S.ANSWERED

    # The second reporter, on a phone, by their own code.
    reporter = journey.new_page("reporter", viewport=PHONE)
    shown = follow(journey, reporter, second.tracking_code)
    assert "fusionné" in shown.lower()
    assert ANSWER in shown
    assert main.email not in shown and second.email not in shown

    journey.finish()


@pytest.fixture
def overdue(cast: dict[str, Any]) -> Difficulty:
    """A report referred by the focal point of Paris, its due date past by three days."""
    referred = make_difficulty(S.REFERRED)
    Difficulty.objects.filter(pk=referred.pk).update(
        due_date=timezone.localdate() - timedelta(days=3)
    )
    referred.refresh_from_db()
    assert referred.overdue
    return referred


def test_the_officer_sees_an_overdue_referral_in_red_and_its_task(
    journey: Journey, overdue: Difficulty
) -> None:
    assert User.objects.filter(username="officer").exists()
    officer = journey.as_user("officer")
    open_register(journey, officer)
    officer.get_by_label(re.compile("en retard", re.IGNORECASE)).first.check()
    journey.click(officer.get_by_role("button", name="Filtrer"))
    row = officer.locator(f"#difficulty-{overdue.pk}")
    assert row.is_visible()
    due = row.locator(".overdue")
    assert "en retard" in due.inner_text()
    colour = due.evaluate("(el) => getComputedStyle(el).color")
    assert RED.match(colour), colour

    action = open_task(journey, officer, overdue.tracking_code, "retard")
    assert action.get_by_role("button", name="Enregistrer la réponse").count()

    journey.finish()
