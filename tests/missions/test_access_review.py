"""What the missions keep from the eyes that should not read it: a cancelled
invitation's contacts, other experts' refused candidacies, the candidates of a need
not published, a licence outside its readers, another jurisdiction's accounts."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse

from missions import services
from missions.choices import MissionStatus, NeedStatus
from tests.missions.builders import expert_of, make_mission, make_need

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_a_cancelled_invitation_shows_the_host_no_contact(
    client_for: Any, univ_lome: Any, api_for: Any
) -> None:
    invited = make_mission(MissionStatus.INVITED, expert_user="expert_paris")
    need = services.need_cancel(
        need=invited.need, comment="Plus nécessaire.", by=univ_lome, source="web"
    )
    invited.refresh_from_db()
    assert invited.status == MissionStatus.CANCELLED
    email = expert_of("expert_paris").email
    web = client_for(univ_lome)

    mission_page = web.get(invited.get_absolute_url())
    candidates = web.get(reverse("missions:need_candidates", args=[need.pk]))
    answer = api_for(univ_lome).get(f"/api/v1/missions/{invited.pk}/").json()

    assert mission_page.status_code == 200 and email not in _text(mission_page)
    assert candidates.status_code == 200 and email not in _text(candidates)
    assert "email" not in answer["expert"]
