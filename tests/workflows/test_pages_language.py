"""A proposal page reads in the reader's language: labels and names, never codes or
usernames, and dates, scores and amounts formatted for French or English."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.utils import formats, timezone, translation

from audit.labels import person_name
from tests.workflows.page_helpers import text
from workflows.documents import generate_agreement


def _page(user: Any, proposal: Any, language: str) -> str:
    client = Client()
    client.force_login(user)
    return text(client.get(proposal.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language))


def _history(page: str) -> str:
    """The page's history section (it comes last)."""
    return page[page.rindex("Histor") :]


def _today(language: str) -> str:
    with translation.override(language):
        return formats.date_format(timezone.localdate(), "DATE_FORMAT")


def test_the_history_names_evaluators_and_says_document_generated(approved, cast):
    generate_agreement(approved, cast["users"]["committee"])
    history = _history(_page(cast["users"]["officer"], approved, "fr"))
    assert "Évaluateur désigné" in history
    for name in ("evaluator1", "evaluator2"):
        assert person_name(cast["users"][name]) in history
        assert name not in history
    assert "Document généré" in history
    assert re.search(r"\bdocument\b", history) is None


def test_a_french_page_prints_french_dates_scores_and_amounts(approved, cast):
    page = _page(cast["users"]["officer"], approved, "fr")
    assert "8 000 000 FCFA" in page
    assert "8,000,000" not in page
    assert _today("fr") in page
    assert "4,18/5" in page
    history = _history(page)
    assert "Avis favorable, note 4,18/5" in history
    assert "Subvention accordée : 8 000 000 FCFA" in history
    assert re.search(r"\d{1,2} [A-Z][a-z]{2} \d{4}", page) is None  # no "30 Nov 2026"


def test_an_english_page_prints_english_dates_scores_and_amounts(approved, cast):
    page = _page(cast["users"]["officer"], approved, "en")
    assert "8,000,000 FCFA" in page
    assert "8 000 000" not in page
    assert _today("en") in page
    assert "4.18/5" in page
    assert "4,18" not in page
    history = _history(page)
    assert "Review: favourable, score 4.18/5" in history
    assert "Grant awarded: 8,000,000 FCFA" in history


def test_tranche_shares_are_written_as_each_language_writes_percentages(in_execution, cast):
    french = _page(cast["users"]["officer"], in_execution, "fr")
    english = _page(cast["users"]["officer"], in_execution, "en")
    assert re.search(r"\(\d+ %\)", french)
    assert re.search(r"\(\d+%\)", english)
    assert re.search(r"\(\d+ %\)", english) is None
