"""The register's section of « Mon espace » and its navigation: the staff's pages for
focal points, officers and auditors; reporting, tracking and the online services for
everyone, without an account too."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from difficulties.home import home_sections
from difficulties.navigation import staff_links

pytestmark = pytest.mark.django_db

PUBLIC = {
    "Signaler une difficulté": "/signaler/",
    "Suivre un signalement": "/suivi/",
    "Démarches en ligne": "/demarches/",
}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (
            "officer",
            [
                "Difficultés signalées",
                "Enregistrer un signalement",
                "Rapports trimestriels",
                "Administrations",
            ],
        ),
        ("focal_paris", ["Difficultés signalées", "Enregistrer un signalement"]),
        ("auditor", ["Difficultés signalées", "Rapports trimestriels"]),
        ("assoc_paris", []),
        ("caseworker1", []),
        ("expert_paris", []),
    ],
)
def test_the_staff_links_per_role(cast: dict[str, Any], persona: str, expected: list[str]) -> None:
    user = cast["users"][persona]
    assert [link.label for link in staff_links(user)] == expected
    sections = home_sections(user)
    assert [s.title for s in sections] == (["Difficultés signalées"] if expected else [])
    if sections:
        assert sections[0].more_url == "/difficultes/"
        assert [a.label for a in sections[0].actions] == [*expected[1:], "Démarches en ligne"]


def test_the_home_page_shows_the_section(focal_paris: User, client: Client) -> None:
    client.force_login(focal_paris)
    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Difficultés signalées" in html
    assert "attendent dans « Mes tâches »" in html


def nav(html: str) -> str:
    return html.split("<main", 1)[0]


@pytest.mark.parametrize("path", ["/signaler/", "/accounts/login/"])
def test_an_anonymous_visitor_finds_the_public_pages_in_the_header(
    cast: dict[str, Any], client: Client, path: str
) -> None:
    html = nav(client.get(path).content.decode())
    for label, url in PUBLIC.items():
        assert f'href="{url}"' in html and label in html
    assert "Difficultés signalées" not in html
    # At 360 px the links fold behind the menu button, which names what it opens.
    assert 'class="navbar-toggler"' in html and 'aria-controls="mainnav"' in html


@pytest.mark.parametrize(
    ("persona", "staff"),
    [("focal_paris", True), ("officer", True), ("auditor", True), ("assoc_paris", False)],
)
def test_signed_in_users_find_the_public_pages_and_staff_their_register(
    cast: dict[str, Any], client: Client, persona: str, staff: bool
) -> None:
    client.force_login(cast["users"][persona])
    html = nav(client.get("/").content.decode())
    for label, url in PUBLIC.items():
        assert f'href="{url}"' in html and label in html
    assert ('href="/difficultes/"' in html) is staff
