"""The difficulties register through the pages only: an anonymous reporter on a phone
sends a difficulty from the public form (the last steps with the keyboard alone),
confirms it from the link the mail carries and follows it by its code; the focal point
of the Paris embassy finds it in « Mes tâches » and in the register, qualifies it,
refers it with a due date and records the administration's answer; the reporter reads
it by the code and says it is resolved; the focal point closes it."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from difficulties.choices import DifficultyStatus
from difficulties.models import Difficulty
from tests.e2e.browsing import PHONE, Journey
from tests.e2e.pages import open_task

pytestmark = pytest.mark.browser

S = DifficultyStatus
TRACKING_CODE = re.compile(r"\b[3-9A-Y]{5}-[3-9A-Y]{5}\b")
EMAIL = "ama.reporter@example.org"
DESCRIPTION = (
    "Ma demande de renouvellement de passeport déposée au consulat de Paris il y a six "
    "mois n'a reçu aucune réponse, malgré trois relances."
)
ANSWER = "Votre passeport est prêt : retirez-le au consulat de Paris, sans rendez-vous."
NOTE = "Passeport retiré le lendemain, merci."


def labelled(page: Any, text: str) -> Any:
    """The field labelled `text` (its label may end with the required field's marker)."""
    return page.get_by_label(re.compile(rf"^{re.escape(text)}"))


def act(journey: Journey, where: Any, name: str) -> None:
    """Press the button `name` (a form's submit) in `where`."""
    journey.click(where.get_by_role("button", name=name, exact=True).first)


def open_register(journey: Journey, page: Any) -> None:
    """The register, from the navigation's « Difficultés » menu."""
    navigation = page.get_by_role("navigation").first
    menu = navigation.get_by_role("button", name="Difficultés", exact=True)
    if not menu.is_visible():
        page.get_by_role("button", name="Menu").click()
    menu.click()
    journey.click(navigation.get_by_role("link", name="Difficultés signalées", exact=True))


def press_enter_on(journey: Journey, page: Any, target: Any) -> None:
    """Move the keyboard focus forward (Tab) until it is on `target`, then press Enter:
    the form is sent as someone without a mouse sends it."""
    for _ in range(10):
        if target.evaluate("(el) => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    assert target.evaluate("(el) => el === document.activeElement"), (
        "the submit button cannot be reached with the Tab key"
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    journey.check(page)


def confirmation_path(address: str) -> str:
    """The confirmation link of the last mail sent to `address` (the live server sends
    from this process: the test's mail outbox)."""
    sent = [message for message in mail.outbox if address in message.to]
    assert sent, f"no mail to {address}: {[m.subject for m in mail.outbox]}"
    body = str(sent[-1].body)
    found = re.search(r"/signaler/confirmer/\S+/", body)
    assert found, body
    return found.group(0)


def send_report(journey: Journey, reporter: Any) -> str:
    """The public form filled on a phone, sent with the keyboard; returns the code."""
    journey.visit(reporter, "/signaler/")
    labelled(reporter, "Votre difficulté concerne").select_option("passport")
    labelled(reporter, "Votre pays de résidence").select_option("FR")
    labelled(reporter, "Décrivez votre difficulté").fill(DESCRIPTION)
    labelled(reporter, "Adresse e-mail").fill(EMAIL)
    # The last steps with the keyboard: the consent ticked with the space bar, then the
    # Tab key to the button (the honeypot field is never reached) and Enter.
    consent = labelled(reporter, "J'accepte d'être contacté(e)")
    consent.focus()
    reporter.keyboard.press("Space")
    assert consent.is_checked()
    submit = reporter.get_by_role("button", name="Envoyer le signalement")
    press_enter_on(journey, reporter, submit)
    assert "/signaler/envoye/" in reporter.url, reporter.url
    found = TRACKING_CODE.search(reporter.locator("main").inner_text())
    assert found, reporter.locator("main").inner_text()
    return found.group(0)


def follow(journey: Journey, reporter: Any, code: str) -> str:
    """The reporter types the code at /suivi/ and reads the report's page."""
    journey.visit(reporter, "/suivi/")
    labelled(reporter, "Code de suivi").fill(code)
    journey.click(reporter.get_by_role("button", name="Voir le signalement"))
    assert urlsplit(reporter.url).path == f"/suivi/{code}/", reporter.url
    return str(reporter.locator("main").inner_text())


def test_a_report_from_the_public_form_to_its_closure(journey: Journey) -> None:
    # The reporter, without an account, on a phone.
    reporter = journey.new_page("reporter", viewport=PHONE)
    code = send_report(journey, reporter)
    difficulty = Difficulty.objects.get(tracking_code=code)
    assert difficulty.status == S.UNCONFIRMED

    # The link of the mail registers the report.
    journey.visit(reporter, confirmation_path(EMAIL))
    journey.click(reporter.get_by_role("button", name="Je confirme mon signalement"))
    difficulty.refresh_from_db()
    assert difficulty.status == S.REPORTED
    shown = follow(journey, reporter, code)
    assert str(S.REPORTED.label) in shown
    assert EMAIL not in shown

    # The focal point of Paris: the task, then the register.
    focal = journey.as_user("focal_paris")
    open_task(journey, focal, code, "Qualifier le signalement")
    open_register(journey, focal)
    register = focal.get_by_role("table", name="Signalements du registre")
    assert code in register.inner_text()
    journey.click(register.get_by_role("link", name=code))
    assert EMAIL in focal.locator("#contact").inner_text()

    # It qualifies the report, refers it with a due date, records the answer.
    action = focal.locator("#action-qualify")
    labelled(action, "Catégorie").select_option("passport")
    labelled(action, "Administration compétente").select_option("dgdn")
    act(journey, action, "Qualifier le signalement")
    difficulty.refresh_from_db()
    assert difficulty.status == S.QUALIFIED
    action = focal.locator("#action-refer")
    labelled(action, "Administration compétente").select_option("dgdn")
    due = timezone.localdate() + timedelta(days=21)
    labelled(action, "Réponse attendue le").fill(due.isoformat())
    act(journey, action, "Transmettre à l'administration")
    difficulty.refresh_from_db()
    assert (difficulty.status, difficulty.due_date) == (S.REFERRED, due)
    action = focal.locator("#action-answer")
    labelled(action, "Réponse au déclarant").fill(ANSWER)
    act(journey, action, "Enregistrer la réponse")
    difficulty.refresh_from_db()
    assert difficulty.status == S.ANSWERED

    # The reporter reads the answer by the code and says it solved the difficulty.
    assert ANSWER in follow(journey, reporter, code)
    reporter.get_by_label("Oui", exact=True).check()
    labelled(reporter, "Votre avis (facultatif)").fill(NOTE)
    journey.click(reporter.get_by_role("button", name="Envoyer mon avis"))
    difficulty.refresh_from_db()
    assert (difficulty.status, difficulty.feedback_note) == (S.RESOLVED, NOTE)

    # The focal point reads the word and closes the report.
    journey.visit(focal, difficulty.get_absolute_url())
    assert NOTE in focal.locator("#feedback").inner_text()
    act(journey, focal.locator("#action-close"), "Clôturer le signalement")
    difficulty.refresh_from_db()
    assert difficulty.status == S.CLOSED
    assert str(S.CLOSED.label) in follow(journey, reporter, code)

    journey.finish()
