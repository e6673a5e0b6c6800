"""The missions' sections of « Mon espace », one per role, linking to the mission pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from missions.choices import MissionStatus, NeedStatus
from missions.home import home_sections
from tests.missions.builders import host_of, make_mission, make_need, user

pytestmark = pytest.mark.django_db


def titles(name: str) -> list[str]:
    return [section.title for section in home_sections(user(name))]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("officer", ["Missions de volontariat"]),
        ("auditor", ["Missions de volontariat"]),
        ("univ_lome", ["Nos demandes de mission"]),
        ("expert_paris", ["Mes missions de volontariat"]),
        ("focal_paris", ["Missions de nos experts"]),
        ("assoc_paris", []),
        ("caseworker1", []),
    ],
)
def test_a_section_per_role(cast: dict[str, Any], persona: str, expected: list[str]) -> None:
    assert titles(persona) == expected


def test_the_host_sees_its_needs_and_how_to_file_one(univ_lome: User) -> None:
    need = make_need(NeedStatus.DRAFT, title="Cours de réseaux")
    (section,) = home_sections(univ_lome)
    assert section.items[0].label == "Cours de réseaux"
    assert section.items[0].url == f"/missions/needs/{need.pk}/"
    assert section.items[0].badge == "Brouillon"
    assert {a.url for a in section.actions} >= {"/missions/needs/new/", "/missions/"}


def test_the_expert_sees_its_missions_and_its_pages(expert_paris: User) -> None:
    mission = make_mission(MissionStatus.SELECTED)
    (section,) = home_sections(expert_paris)
    assert section.items[0].url == f"/missions/missions/{mission.pk}/"
    assert section.items[0].badge == "Retenue"
    assert {a.url for a in section.actions} >= {
        "/missions/availability/",
        "/missions/licences/",
        "/missions/missions/",
    }


def test_the_focal_point_is_led_to_the_accounts_to_verify(focal_paris: User) -> None:
    (section,) = home_sections(focal_paris)
    assert "/missions/expert-accounts/" in {a.url for a in section.actions}


@pytest.mark.parametrize("persona", ["officer", "univ_lome", "expert_paris", "focal_paris"])
def test_the_home_page_shows_the_section(cast: dict[str, Any], persona: str) -> None:
    client = Client()
    client.force_login(user(persona))
    response = client.get("/")
    assert response.status_code == 200
    assert titles(persona)[0] in response.content.decode()


@pytest.mark.parametrize("persona", ["univ_lome", "expert_paris"])
def test_a_host_or_an_expert_is_not_told_it_has_no_access(
    cast: dict[str, Any], persona: str
) -> None:
    client = Client()
    client.force_login(user(persona))
    page = client.get("/").content.decode()
    assert "aucune partie de la plateforme" not in page


def test_the_host_reaches_its_institution_page(univ_lome: User, client: Client) -> None:
    page = f"/missions/institutions/{host_of('univ_lome').pk}/"
    (section,) = home_sections(univ_lome)
    assert page in {a.url for a in section.actions}
    client.force_login(univ_lome)
    assert f'href="{page}"' in client.get("/missions/needs/").content.decode()
    assert client.get(page).status_code == 200
