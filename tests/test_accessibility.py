"""Every page: a link straight to the content, and forms whose fields are named and whose
errors are tied to the field they are about."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.a11y import VOID, Page


def _skip_link_and_target(page: Page) -> None:
    first_link = next(e for e in page.elements if e.tag == "a")
    assert first_link.attrs.get("href") == "#content"
    assert first_link.text() == "Aller au contenu"
    main = page.by_id["content"]
    assert main.tag == "main"
    assert main.attrs.get("tabindex") == "-1"


def test_the_login_page_opens_with_a_link_to_its_content(client: Client) -> None:
    _skip_link_and_target(Page(client.get(reverse("login"))))


@pytest.mark.parametrize("persona", ["assoc_paris", "officer", "caseworker1", "supervisor"])
def test_each_home_page_opens_with_a_link_to_its_content(
    cast: dict[str, Any], client_for: Any, persona: str
) -> None:
    _skip_link_and_target(Page(client_for(cast["users"][persona]).get(reverse("home"))))


def test_the_main_navigation_is_named(cast: dict[str, Any], client_for: Any) -> None:
    page = Page(client_for(cast["users"]["officer"]).get(reverse("home")))
    assert next(nav.attrs.get("aria-label") for nav in page.find("nav")) == "Navigation principale"


def test_a_refused_password_change_ties_the_error_to_its_field(
    cast: dict[str, Any], client_for: Any
) -> None:
    response = client_for(cast["users"]["officer"]).post(
        reverse("password_change"),
        {"old_password": "not-it", "new_password1": "x", "new_password2": "x"},
    )
    page = Page(response)
    old = page.by_id["id_old_password"]
    assert old.attrs.get("aria-invalid") == "true"
    assert "incorrect" in page.description_of(old)


def test_a_refused_association_form_ties_each_error_to_its_field(
    cast: dict[str, Any], client_for: Any
) -> None:
    response = client_for(cast["users"]["officer"]).post(
        reverse("registry:association_create"), {"name": ""}
    )
    page = Page(response)
    name = page.by_id["id_name"]
    assert page.name_of(name).startswith("Nom")
    assert name.attrs.get("aria-invalid") == "true"
    assert "Ce champ est obligatoire." in page.description_of(name)
    for control in page.controls():
        assert page.name_of(control), control.attrs


class _StackedCells(HTMLParser):
    """The cells of a `table-stack` list (`<td data-label>`) in which a space stands alone
    between two elements. A stacked cell is a CSS table, which drops such a space: the
    reference and the title of "CAS-2026-00002 — Ablavi" would run together."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.cell_depth: int | None = None
        self.label = ""
        self.last: str = ""  # "element" or "space" at the cell's own level
        self.pending_space = False
        self.glued: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.cell_depth is not None and self.depth == self.cell_depth:
            if self.pending_space:
                self.glued.append(self.label)
            self.pending_space = False
        if tag in VOID:
            if self.cell_depth is not None and self.depth == self.cell_depth:
                self.last = "element"
            return
        self.depth += 1
        if tag == "td" and self.cell_depth is None and dict(attrs).get("data-label"):
            self.cell_depth, self.label, self.last = self.depth, dict(attrs)["data-label"] or "", ""

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.cell_depth is not None and self.depth == self.cell_depth:
            self.cell_depth, self.pending_space = None, False
        self.depth -= 1
        if self.cell_depth is not None and self.depth == self.cell_depth:
            self.last = "element"

    def handle_data(self, data: str) -> None:
        if self.cell_depth is None or self.depth != self.cell_depth:
            return
        if data.strip():
            self.last, self.pending_space = "text", False
        elif data and self.last == "element":
            self.pending_space = True


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("caseworker1", "/tasks/"),
        ("officer", "/registry/associations/"),
        ("officer", "/projects/calls/"),
    ],
)
def test_stacked_list_cells_keep_the_space_between_their_parts(
    cast: dict[str, Any], client_for: Any, persona: str, url: str
) -> None:
    page = client_for(cast["users"][persona]).get(url)
    assert page.status_code == 200
    parser = _StackedCells()
    parser.feed(page.content.decode())
    assert 'data-label="' in page.content.decode()
    assert parser.glued == []
