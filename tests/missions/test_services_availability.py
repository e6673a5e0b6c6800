"""An expert's availability windows: its own, sensible, few, and recorded."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User

from audit.models import HistoryEntry, Outcome
from missions import services
from missions.models import Availability
from processes.transitions import ConditionsUnmet, NotAllowed
from tests.missions.builders import expert_of

pytestmark = pytest.mark.django_db
WEB = "web"
DAY = date(2027, 3, 1)


def add(user: User, starts_on: date = DAY, days: int = 10) -> Availability:
    return services.availability_add(
        starts_on=starts_on, ends_on=starts_on + timedelta(days=days - 1), by=user, source=WEB
    )


def test_the_expert_adds_its_own_window_with_a_history_row(expert_paris: User) -> None:
    window = add(expert_paris)
    expert = expert_of("expert_paris")
    assert window.expert == expert
    (row,) = HistoryEntry.objects.for_object(expert).filter(action="add_availability")
    assert (row.by, row.source, row.data) == (
        expert_paris,
        WEB,
        {"starts_on": "2027-03-01", "ends_on": "2027-03-10"},
    )


@pytest.mark.parametrize("persona", ["officer", "univ_lome", "focal_paris"])
def test_only_a_verified_expert_keeps_windows(cast: dict[str, Any], persona: str) -> None:
    before = Availability.objects.count()
    with pytest.raises(NotAllowed, match="Seul un expert"):
        add(User.objects.get(username=persona))
    assert Availability.objects.count() == before


def mine() -> int:
    return Availability.objects.filter(expert=expert_of("expert_paris")).count()


@pytest.fixture(autouse=True)
def no_windows(cast: dict[str, Any]) -> None:
    """The demo's windows of expert_paris are gone: each test counts its own."""
    Availability.objects.filter(expert=expert_of("expert_paris")).delete()


def test_the_end_cannot_precede_the_start(expert_paris: User) -> None:
    with pytest.raises(ConditionsUnmet, match="ne peut précéder") as refused:
        services.availability_add(
            starts_on=DAY, ends_on=DAY - timedelta(days=1), by=expert_paris, source=WEB
        )
    assert "ends_on" in refused.value.fields
    assert not mine()


def test_a_single_day_is_a_window(expert_paris: User) -> None:
    assert add(expert_paris, days=1).ends_on == DAY


def test_a_window_lasts_at_most_two_years(expert_paris: User) -> None:
    add(expert_paris, days=2 * 366)
    with pytest.raises(ConditionsUnmet, match="au plus deux ans"):
        add(expert_paris, days=2 * 366 + 1)
    assert mine() == 1


def test_at_most_twenty_windows(expert_paris: User) -> None:
    for n in range(20):
        add(expert_paris, DAY + timedelta(days=30 * n), days=5)
    with pytest.raises(ConditionsUnmet, match="au plus 20 disponibilités"):
        add(expert_paris, DAY - timedelta(days=60))
    assert mine() == 20


def test_the_expert_removes_its_window_with_a_history_row(expert_paris: User) -> None:
    window = add(expert_paris)
    services.availability_remove(availability=window, by=expert_paris, source=WEB)
    assert not mine()
    row = HistoryEntry.objects.for_object(expert_of("expert_paris")).get(
        action="remove_availability"
    )
    assert row.data == {"starts_on": "2027-03-01", "ends_on": "2027-03-10"}


@pytest.mark.parametrize("persona", ["doctor_brussels", "officer", "univ_lome"])
def test_only_its_expert_removes_a_window(
    expert_paris: User, cast: dict[str, Any], persona: str
) -> None:
    window = add(expert_paris)
    with pytest.raises(NotAllowed, match="Seul l'expert supprime"):
        services.availability_remove(
            availability=window, by=User.objects.get(username=persona), source=WEB
        )
    assert Availability.objects.filter(pk=window.pk).exists()
    assert HistoryEntry.objects.filter(
        action="remove_availability", outcome=Outcome.REFUSED
    ).exists()
