"""A case page reads in the reader's language: labels and names, never codes, and dates
and scores formatted for French or English; its badges agree with what the page says."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from audit.models import HistoryEntry, Outcome
from audit.services import record_history, record_refusal
from cases import services
from tests.cases.builders import FULL_ANSWERS, SOURCE, case_in, days, new_case
from tests.workflows.page_helpers import text


def _page(user: Any, case: Any, language: str = "fr") -> str:
    client = Client()
    client.force_login(user)
    return text(client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language))


def _date(day: Any, language: str) -> str:
    with translation.override(language):
        return formats.date_format(day, "DATE_FORMAT")


def test_the_follow_up_row_and_table_print_the_score_in_the_reader_s_language(
    caseworker1, supervisor
):
    case = case_in("follow_up", caseworker=caseworker1, supervisor=supervisor)
    follow_up = services.follow_up_record(
        case=case, by=caseworker1, source=SOURCE, visit_date=days(-1), answers=FULL_ANSWERS
    )
    score = f"{follow_up.composite.normalize():f}"  # e.g. 0.75
    french, english = score.replace(".", ","), score

    page = _page(caseworker1, case, "fr")
    assert f"Visite du {_date(days(-1), 'fr')}, score composite {french}" in page
    assert english not in page
    page = _page(caseworker1, case, "en")
    assert f"Visit of {_date(days(-1), 'en')}, composite score {english}" in page
    assert french not in page


def test_case_pages_print_dates_as_proposal_pages_do(caseworker1, supervisor):
    case = case_in("in_support", caseworker=caseworker1, supervisor=supervisor)
    page = _page(caseworker1, case, "fr")
    assert _date(days(-30), "fr") in page  # the return date
    assert _date(days(60), "fr") in page  # the plan item's target date
    assert re.search(r"\d{1,2} [A-Za-z]{3}\.? \d{4}", page) is None  # no "30 Nov 2026"
    english = _page(caseworker1, case, "en")
    assert _date(days(60), "en") in english


def test_a_closure_asked_without_a_reason_names_the_reasons_by_their_labels(
    caseworker1, supervisor
):
    case = case_in("follow_up", caseworker=caseworker1, supervisor=supervisor)
    client = Client()
    client.force_login(caseworker1)
    response = client.post(
        reverse("cases:case_transition", args=[case.pk, "request_closure"]),
        {"reason": "", "comment": ""},
        follow=True,
    )
    page = text(response)
    assert "Choisissez un motif de clôture : Plan réalisé, Contact perdu" in page
    assert "plan_achieved, lost_contact" not in page
    refused = HistoryEntry.objects.for_object(case).filter(outcome=Outcome.REFUSED).get()
    assert "Plan réalisé" in refused.comment
    assert "plan_achieved" not in refused.comment


def test_an_assessment_not_started_is_not_shown_as_in_progress(caseworker1, supervisor):
    case = services.case_start_assessment(
        case=new_case(supervisor, caseworker="caseworker1"), by=caseworker1, source=SOURCE
    )
    client = Client()
    client.force_login(caseworker1)
    raw = client.get(case.get_absolute_url()).content.decode()
    card = raw[raw.index('id="assessment"') : raw.index("</section>", raw.index('id="assessment"'))]
    assert "L'évaluation n'est pas encore commencée." in card.replace("&#x27;", "'")
    assert "Non commencée" in card
    assert "En cours" not in card


def test_a_started_assessment_is_in_progress_then_done(caseworker1, supervisor):
    case = case_in("assessment", caseworker=caseworker1, supervisor=supervisor)
    services.assessment_save(
        case=case, by=caseworker1, source=SOURCE, economic_notes="Maçon.", complete=False
    )
    assert "Évaluation En cours" in _page(caseworker1, case)
    services.assessment_save(
        case=case, by=caseworker1, source=SOURCE, economic_notes="Maçon.", complete=True
    )
    assert "Évaluation Terminée" in _page(caseworker1, case)


def test_rows_written_with_codes_and_usernames_are_shown_with_labels_and_names(
    caseworker1, supervisor
):
    """Rows stored before the history kept its facts structured quoted codes and usernames."""
    case = case_in("follow_up", caseworker=caseworker1, supervisor=supervisor)
    record_history(
        obj=case,
        action="transfer",
        by=supervisor,
        source=SOURCE,
        comment="caseworker1 → caseworker2",
    )
    record_refusal(
        obj=case,
        action="request_closure",
        by=caseworker1,
        source=SOURCE,
        reason="Choisissez un motif de clôture : plan_achieved, lost_contact, remigrated, "
        "declined_assistance, deceased, other.",
        state="follow_up",
    )
    record_refusal(
        obj=case,
        action="approve_plan",
        by=caseworker1,
        source=SOURCE,
        reason="Action « approve_plan » impossible dans l'état « En suivi ».",
        state="follow_up",
    )
    history = _page(supervisor, case)
    history = history[history.rindex("Historique") :]
    assert "Akossiwa Amegah → Edem Kouassi" in history
    assert (
        "Choisissez un motif de clôture : Plan réalisé, Contact perdu, Nouvelle migration, "
        "Assistance refusée, Décès, Autre." in history
    )
    assert "Action « Approuver le plan » impossible" in history
    for code in ("caseworker2", "plan_achieved", "approve_plan"):
        assert code not in history


def test_the_follow_up_message_prints_the_date_and_score_in_the_reader_s_language(
    caseworker1, supervisor
):
    case = case_in("in_support", caseworker=caseworker1, supervisor=supervisor)
    client = Client()
    client.force_login(caseworker1)
    response = client.post(
        reverse("cases:follow_up_create", args=[case.pk]),
        {"visit_date": days(-1).isoformat(), "answer_income": "0.5", "answer_housing": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    page = text(response)
    assert f"{_date(days(-1), 'en')}" in page
    assert "0.75" in page
    assert "0,75" not in page
