"""The pages refuse a text over its bound in words, and save nothing."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from documents.formatting import group_thousands
from tests.workflows.page_helpers import proposal_data, text
from workflows.models import Call, Proposal


def test_a_megabyte_summary_is_refused_on_the_page_naming_the_limit_and_nothing_is_saved(
    client_for: Any, assoc_paris: Any, call: Call, paris_association: Any
) -> None:
    response = client_for(assoc_paris).post(
        reverse("workflows:proposal_create"),
        proposal_data(call=call, association=paris_association, summary="x" * 1_000_000),
    )
    assert response.status_code == 200
    page = text(response)
    assert "Rien n'a été enregistré." in page
    assert "comporte au plus 10000 caractères (actuellement 1000000)" in page
    assert not Proposal.objects.exists()


def test_the_summary_box_says_its_limit_to_the_browser(
    client_for: Any, assoc_paris: Any, call: Call
) -> None:
    response = client_for(assoc_paris).get(reverse("workflows:proposal_create"))
    assert 'maxlength="10000"' in response.content.decode()


def test_a_bounded_text_box_says_its_limit_before_a_paste_is_cut(
    client_for: Any, assoc_paris: Any
) -> None:
    """The browser cuts a paste at the box's maxlength without a word: the page says it."""
    response = client_for(assoc_paris).get(reverse("workflows:proposal_create"))
    assert 'maxlength="10000"' in response.content.decode()
    assert f"{group_thousands(10_000)} caractères au plus." in text(response)
