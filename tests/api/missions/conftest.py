"""What the missions' API tests share: a need's body as a host sends it, the demo
cast's needs and missions, and a verified expert account of one's own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from accounts.roles import Role
from missions.demo import MEDICAL_TITLE, TEACHING_TITLE
from missions.models import HostInstitution, MissionNeed
from registry.models import CompetenceDomain, Expert
from tests.missions.builders import HOSTS


def ids(response: Any) -> set[int]:
    """The ids of a list's page, once it answered 200."""
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def day(offset: int) -> str:
    return (timezone.localdate() + timedelta(days=offset)).isoformat()


@pytest.fixture
def need_body() -> Callable[..., dict[str, Any]]:
    """`need_body(title=…)`: a valid teaching need of the Université de Lomé, a year on."""

    def make(**changes: Any) -> dict[str, Any]:
        return {
            "title": "Cours de bases de données",
            "kind": "teaching",
            "discipline": "Informatique",
            "domains": ["ict"],
            "description": "Trois semaines de cours et de travaux pratiques en master.",
            "place": "Campus nord, Lomé",
            "region": "grand-lome",
            "prefecture": "golfe",
            "starts_on": day(400),
            "ends_on": day(420),
            "languages": ["fr"],
            "volunteers": 1,
            "host_provides": ["lodging"],
            "ministry_covers": ["travel", "insurance"],
            **changes,
        }

    return make


@pytest.fixture
def institution(cast: dict[str, Any]) -> Callable[[str], HostInstitution]:
    """`institution("univ_lome")`: the host institution that persona acts for."""
    return lambda username: HostInstitution.objects.get(name=HOSTS[username])


@pytest.fixture
def new_expert_user(cast: dict[str, Any]) -> Callable[..., User]:
    """`new_expert_user("ama", ["medicine"])`: a diaspora expert's verified account."""

    def make(username: str, domains: list[str], **fields: Any) -> User:
        user = User.objects.create_user(username, f"{username}@example.org", "demo")
        user.groups.add(Group.objects.get(name=Role.DIASPORA_EXPERT))
        expert = Expert.objects.create(
            first_name=username.title(),
            last_name="Test",
            email=f"{username}@example.org",
            phone="+33 6 00 00 00 00",
            country=fields.pop("country", "FR"),
            city="Lyon",
            profession=fields.pop("profession", "Médecin"),
            education_level="doctorate",
            consent_listed=True,
            user=user,
            account_verified_at=timezone.now(),
            **fields,
        )
        expert.competences.set(CompetenceDomain.objects.filter(code__in=domains))
        return user

    return make


@pytest.fixture
def teaching_need(cast: dict[str, Any]) -> MissionNeed:
    """The demo cast's published teaching need of the Université de Lomé."""
    return MissionNeed.objects.get(title=TEACHING_TITLE)


@pytest.fixture
def medical_need(cast: dict[str, Any]) -> MissionNeed:
    """The demo cast's medical need of the CHR de Kara, its one mission under way."""
    return MissionNeed.objects.get(title=MEDICAL_TITLE)
