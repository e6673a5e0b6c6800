"""The missions' admin lists, searches, filters and shows every model, and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from missions.choices import MissionStatus
from tests.missions.builders import make_mission

pytestmark = pytest.mark.django_db
MODELS = ["hostinstitution", "missionneed", "mission", "availability", "professionallicence"]


@pytest.fixture
def admin_client_(admin_user: User) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_each_list_searches_and_shows_its_rows(
    admin_client_: Client, cast: dict[str, Any], model: str
) -> None:
    make_mission(MissionStatus.REPORTED)
    base = f"/admin/missions/{model}/"
    listed = admin_client_.get(base)
    assert listed.status_code == 200
    assert admin_client_.get(base, {"q": "Lomé"}).status_code == 200
    row = listed.context["cl"].result_list[0]
    detail = admin_client_.get(f"{base}{row.pk}/change/")
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content


def test_the_mission_filters_and_its_reports(admin_client_: Client, cast: dict[str, Any]) -> None:
    mission = make_mission(MissionStatus.REPORTED)
    listed = admin_client_.get("/admin/missions/mission/", {"status__exact": "reported"})
    assert mission in listed.context["cl"].result_list
    detail = admin_client_.get(f"/admin/missions/mission/{mission.pk}/change/")
    assert "Cours donnés." in detail.content.decode()
