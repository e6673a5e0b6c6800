"""The co-realisation pages read out loud: every field of the proposal and call forms has a
name that says which row it is on, errors are tied to their field, lists name their columns
cell by cell (so that they can stack on a phone), and the rules come before the buttons."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.a11y import Page
from tests.workflows.page_helpers import proposal_data
from workflows.models import Call, Proposal


def test_every_field_of_the_new_proposal_form_has_a_name_saying_its_row(
    client_for: Any, assoc_paris: Any, call: Call
) -> None:
    page = Page(client_for(assoc_paris).get(reverse("workflows:proposal_create")))

    unnamed = [c.attrs.get("name") for c in page.controls() if not page.name_of(c)]
    assert unnamed == []
    names = {c.attrs["name"]: page.name_of(c) for c in page.controls()}
    assert names["budget-0-label"] == "Poste de dépense de la ligne 1"
    assert names["budget-0-amount"] == "Montant de la ligne 1"
    assert names["budget-2-amount"] == "Montant de la ligne 3"
    assert names["contrib-0-source"] == "Source de l'apport 1"
    assert names["contrib-1-kind"] == "Nature de l'apport 2"
    assert names["contrib-3-amount"] == "Montant de l'apport 4"


def test_the_rows_added_in_the_browser_are_named_too(
    client_for: Any, assoc_paris: Any, call: Call
) -> None:
    response = client_for(assoc_paris).get(reverse("workflows:proposal_create"))
    page = Page(response)
    template = page.by_id["budget-empty"]
    labels = [e.text() for e in page.find("label") if template in e.ancestors()]
    assert labels == ["Poste de dépense de la ligne __num__", "Montant de la ligne __num__"]


def test_every_field_of_the_call_form_has_a_name_saying_its_row(
    client_for: Any, officer: Any
) -> None:
    page = Page(client_for(officer).get(reverse("workflows:call_create")))

    assert [c.attrs.get("name") for c in page.controls() if not page.name_of(c)] == []
    names = {c.attrs["name"]: page.name_of(c) for c in page.controls()}
    assert names["criteria-0-code"] == "Code du critère 1"
    assert names["criteria-1-weight"] == "Poids du critère 2"


def test_a_refused_proposal_ties_each_error_to_its_field(
    client_for: Any, assoc_paris: Any, call: Call, paris_association: Any
) -> None:
    data = proposal_data(call=call, association=paris_association, title="")
    data["budget-1-amount"] = "beaucoup"

    response = client_for(assoc_paris).post(reverse("workflows:proposal_create"), data)

    assert response.status_code in (200, 400)
    assert not Proposal.objects.exists()
    page = Page(response)
    title = page.by_id["id_title"]
    assert title.attrs.get("aria-invalid") == "true"
    assert "Ce champ est obligatoire." in page.description_of(title)
    amount = page.by_id["id_budget-1-amount"]
    assert amount.attrs.get("aria-invalid") == "true"
    assert page.description_of(amount)
    assert page.by_id["id_budget-0-amount"].attrs.get("aria-invalid") is None


def test_the_rules_panel_comes_before_the_buttons_that_submit(
    client_for: Any, assoc_paris: Any, call: Call
) -> None:
    """On a phone the columns stack in page order: the totals and rules must be read
    before the buttons, not after them."""
    html = client_for(assoc_paris).get(reverse("workflows:proposal_create")).content.decode()
    assert html.index('id="rules-panel"') < html.index('name="submit"')
    assert html.index('id="rules-panel"') < html.index('name="save"')


def test_each_cell_of_the_proposal_list_names_its_column(
    client_for: Any, officer: Any, submitted: Proposal
) -> None:
    page = Page(client_for(officer).get(reverse("workflows:proposal_list")))

    table = next(t for t in page.find("table") if "table-stack" in t.attrs.get("class", ""))
    headings = [th.text() for th in page.elements if th.tag == "th" and table in th.ancestors()]
    cells = [td for td in page.elements if td.tag == "td" and table in td.ancestors()]
    assert cells
    assert [td.attrs.get("data-label") for td in cells] == headings
