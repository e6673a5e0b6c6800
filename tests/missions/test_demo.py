"""The missions part of the demo cast, as README.md describes it."""

from __future__ import annotations

from typing import Any

import pytest

from missions.choices import MissionStatus, NeedStatus
from missions.models import Mission, MissionNeed

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_published_teaching_need_and_a_medical_mission_under_way(
    cast: dict[str, Any],
) -> None:
    teaching = MissionNeed.objects.get(host__name="Université de Lomé")
    assert (teaching.kind, teaching.status) == ("teaching", NeedStatus.PUBLISHED)
    medical = MissionNeed.objects.get(host__name="CHR de Kara")
    assert (medical.kind, medical.status) == ("medical", NeedStatus.STAFFED)
    mission = Mission.objects.get(need=medical)
    assert mission.status == MissionStatus.IN_PROGRESS
    assert mission.expert.user.username == "doctor_brussels"
