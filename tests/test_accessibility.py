"""Every page: a link straight to the content, and forms whose fields are named and whose
errors are tied to the field they are about."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.a11y import Page


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
