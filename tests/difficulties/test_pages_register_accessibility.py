"""The register's pages read out loud: lists name their columns cell by cell (so that
they stack on a phone), the delay tables have their captions and row headings, every
control has a name, errors are tied to their field, and the pages read in English."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from difficulties.choices import DifficultyStatus
from tests.a11y import Page
from tests.cases.pages import persona_client
from tests.difficulties.builders import make_difficulty
from tests.missions.test_pages_missions_accessibility import _glued, _labelled_cells

S = DifficultyStatus


@pytest.mark.parametrize("persona", ["officer", "focal_paris", "auditor"])
def test_each_cell_of_the_register_names_its_column(cast: dict[str, Any], persona: str) -> None:
    make_difficulty(S.QUALIFIED)
    make_difficulty(S.REFERRED)
    response = persona_client(cast, persona).get(reverse("difficulties:list"))
    page = Page(response)

    _labelled_cells(page, "difficulty-table")
    assert _glued(response) == []
    assert [c.attrs for c in page.controls() if not page.name_of(c)] == []


def test_the_delay_tables_have_a_caption_and_row_headings(cast: dict[str, Any]) -> None:
    make_difficulty(S.ANSWERED)
    page = Page(persona_client(cast, "officer").get(reverse("difficulties:list")))

    for table_id in ("delays-category", "delays-administration"):
        table = page.by_id[table_id]
        assert [e for e in page.find("caption") if table in e.ancestors()]
        row_headings = [e for e in page.elements if e.tag == "th" and e.attrs.get("scope") == "row"]
        assert [th for th in row_headings if table in th.ancestors()]


@pytest.mark.parametrize(
    ("persona", "state"),
    [("focal_paris", S.REPORTED), ("officer", S.REFERRED), ("auditor", S.ANSWERED)],
)
def test_every_control_of_a_report_s_page_is_named(
    cast: dict[str, Any], persona: str, state: str
) -> None:
    difficulty = make_difficulty(state)
    page = Page(
        persona_client(cast, persona).get(reverse("difficulties:detail", args=[difficulty.pk]))
    )

    assert [c.attrs for c in page.controls() if not page.name_of(c)] == []
    assert page.by_id["actions"].attrs.get("aria-labelledby") == "actions-title"


def test_a_refused_referral_ties_its_errors_to_its_fields(cast: dict[str, Any]) -> None:
    difficulty = make_difficulty(S.QUALIFIED)
    response = persona_client(cast, "focal_paris").post(
        reverse("difficulties:transition", args=[difficulty.pk, "refer"]),
        {"expected_state": S.QUALIFIED, "administration": "", "due_date": "demain"},
    )
    page = Page(response)

    assert response.status_code == 400
    due = page.by_id["id_refer_due_date"]
    assert due.attrs.get("aria-invalid") == "true"
    assert page.description_of(due)


def test_a_refused_record_ties_its_errors_to_its_fields(cast: dict[str, Any]) -> None:
    response = persona_client(cast, "focal_paris").post(
        reverse("difficulties:create"), {"category": "", "country": "", "description": ""}
    )
    page = Page(response)

    assert response.status_code == 400
    for name in ("id_category", "id_country", "id_description"):
        control = page.by_id[name]
        assert control.attrs.get("aria-invalid") == "true", name
        assert page.description_of(control), name
    assert [c.attrs for c in page.controls() if not page.name_of(c)] == []


def test_a_refused_administration_ties_its_errors_to_its_fields(cast: dict[str, Any]) -> None:
    client = persona_client(cast, "officer")
    url = reverse("difficulties:administration_list")
    unnamed = client.post(url, {"name": "", "code": "nouvelle"})
    taken = client.post(url, {"name": "Nouvelle administration", "code": "dgdn"})

    for response, name in ((unnamed, "id_new_name"), (taken, "id_new_code")):
        page = Page(response)
        assert response.status_code == 400
        control = page.by_id[name]
        assert control.attrs.get("aria-invalid") == "true", name
        assert page.description_of(control), name
        _labelled_cells(page, "administration-table")


def test_the_register_reads_in_english(cast: dict[str, Any]) -> None:
    difficulty = make_difficulty(S.REFERRED)
    client = persona_client(cast, "officer")

    listed = client.get(reverse("difficulties:list"), HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(
        reverse("difficulties:detail", args=[difficulty.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert "Difficulties register" in listed.content.decode()
    assert "Median delays" in listed.content.decode()
    assert "The reporter" in page.content.decode()
    assert "Registre des difficultés" not in page.content.decode()
