"""The case pages read out loud: lists name their columns cell by cell (so that they can
stack on a phone, "Prochaine étape" included), and errors are tied to their field."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.a11y import Element, Page
from tests.cases.pages import persona_client


def _table_cells(page: Page, css_class: str) -> tuple[list[str], list[Element]]:
    table = next(t for t in page.find("table") if css_class in t.attrs.get("class", "").split())
    headings = [
        th.text()
        for th in page.elements
        if th.tag == "th" and th.attrs.get("scope") == "col" and table in th.ancestors()
    ]
    cells = [td for td in page.elements if td.tag == "td" and table in td.ancestors()]
    return headings, cells


def test_each_cell_of_the_case_list_names_its_column(cast: dict[str, Any]) -> None:
    page = Page(persona_client(cast, "supervisor").get(reverse("cases:case_list")))

    headings, cells = _table_cells(page, "case-table")
    assert "Prochaine étape" in headings
    assert cells
    per_row = len(headings)
    for start in range(0, len(cells), per_row):
        assert [td.attrs.get("data-label") for td in cells[start : start + per_row]] == headings


def test_each_count_of_the_caseload_names_its_status(cast: dict[str, Any]) -> None:
    page = Page(persona_client(cast, "supervisor").get(reverse("cases:caseload")))

    headings, cells = _table_cells(page, "caseload")
    assert cells
    labels = [td.attrs.get("data-label") for td in cells]
    assert None not in labels
    assert set(labels) == set(headings[1:])


def test_a_refused_intake_ties_each_error_to_its_field(cast: dict[str, Any]) -> None:
    response = persona_client(cast, "caseworker1").post(
        reverse("cases:case_create"), {"first_name": "", "birth_year": "1788"}
    )
    page = Page(response)

    first_name = page.by_id["id_first_name"]
    assert first_name.attrs.get("aria-invalid") == "true"
    assert "Ce champ est obligatoire." in page.description_of(first_name)
    assert [c.attrs.get("name") for c in page.controls() if not page.name_of(c)] == []
