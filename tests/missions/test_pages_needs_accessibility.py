"""The needs' pages read out loud: every field of the need's and the institution's forms
is named, each error is tied to its field, the lists name their columns cell by cell
(so that they stack on a phone), the action panel comes before what the need says, and
each page opens with its one heading."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from missions.choices import NeedStatus
from tests.a11y import Page
from tests.missions.builders import make_need

pytestmark = pytest.mark.django_db


def _unnamed(page: Page) -> list[str]:
    return [c.attrs.get("name", "") for c in page.controls() if not page.name_of(c)]


@pytest.mark.parametrize(
    ("persona", "route"),
    [("univ_lome", "missions:need_create"), ("officer", "missions:institution_create")],
)
def test_every_field_of_the_forms_is_named(
    cast: dict[str, Any], client_for: Any, persona: str, route: str
) -> None:
    page = Page(client_for(cast["users"][persona]).get(reverse(route)))
    assert _unnamed(page) == []
    assert [e.text() for e in page.find("h1")] and len(page.find("h1")) == 1


def test_a_refused_need_ties_each_error_to_its_field(client_for: Any, univ_lome: Any) -> None:
    response = client_for(univ_lome).post(reverse("missions:need_create"), {"title": ""})
    assert response.status_code == 400
    page = Page(response)
    title = page.by_id["id_title"]
    assert title.attrs.get("aria-invalid") == "true"
    assert "Ce champ est obligatoire." in page.description_of(title)
    domains = next(f for f in page.find("fieldset") if "Domaines" in f.text())
    assert "Ce champ est obligatoire." in page.description_of(domains)
    assert page.by_id["problems"].attrs.get("role") == "alert"
    assert _unnamed(page) == []


def test_the_apply_page_names_its_field_and_lists_its_refusals(
    client_for: Any, expert_paris: Any
) -> None:
    need = make_need(NeedStatus.PUBLISHED, host="chr_kara", kind="medical", domains=("medicine",))
    response = client_for(expert_paris).post(reverse("missions:need_apply", args=[need.pk]), {})
    page = Page(response)
    assert _unnamed(page) == []
    assert page.name_of(page.by_id["id_motivation"]) == "Votre motivation"
    assert "ne comprennent aucun" in page.by_id["problems"].text()


@pytest.mark.parametrize(
    ("persona", "route"),
    [
        ("officer", "missions:need_list"),
        ("univ_lome", "missions:need_list"),
        ("expert_paris", "missions:need_list"),
        ("officer", "missions:institution_list"),
    ],
)
def test_each_cell_of_the_lists_names_its_column(
    cast: dict[str, Any], client_for: Any, persona: str, route: str
) -> None:
    page = Page(client_for(cast["users"][persona]).get(reverse(route)))
    table = next(t for t in page.find("table") if "table-stack" in t.attrs.get("class", ""))
    headings = [th.text() for th in page.elements if th.tag == "th" and table in th.ancestors()]
    cells = [td for td in page.elements if td.tag == "td" and table in td.ancestors()]
    assert cells
    assert [td.attrs.get("data-label") for td in cells] == headings * (len(cells) // len(headings))
    assert _unnamed(page) == []  # the filters


def test_the_action_panel_comes_before_what_the_need_says(client_for: Any, univ_lome: Any) -> None:
    """On a phone the columns stack in page order: what to do comes first."""
    need = make_need(NeedStatus.DRAFT)
    response = client_for(univ_lome).get(need.get_absolute_url())
    html = response.content.decode()
    assert html.index('id="actions"') < html.index('id="need-title"') < html.index('id="history"')
    page = Page(response)
    assert _unnamed(page) == []
    assert [e.text() for e in page.find("h1")] == [need.title]
    panel = page.by_id["actions"]
    assert panel.attrs.get("tabindex") == "-1" and panel.attrs.get("aria-labelledby")


def test_the_candidates_page_names_each_invitation(client_for: Any, officer: Any) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    page = Page(client_for(officer).get(reverse("missions:need_candidates", args=[need.pk])))
    invite = reverse("missions:need_invite", args=[need.pk])
    forms = page.find("form", action=invite)
    buttons = [
        b.attrs.get("aria-label", "")
        for b in page.find("button", type="submit")
        if any(form in b.ancestors() for form in forms)
    ]
    assert buttons and all(label.startswith("Inviter ") for label in buttons)
    assert len(set(buttons)) == len(buttons)
