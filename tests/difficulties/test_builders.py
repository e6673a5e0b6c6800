"""Every state of a report can be built through the services, with its history."""

from __future__ import annotations

import pytest

from audit.models import HistoryEntry
from difficulties.choices import DifficultyStatus
from tests.difficulties.builders import make_difficulty

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", list(DifficultyStatus))
def test_each_state_is_reached_through_the_services(cast, state):
    difficulty = make_difficulty(state)
    difficulty.refresh_from_db()
    assert difficulty.status == state
    rows = HistoryEntry.objects.filter(object_id=difficulty.pk, action="create")
    assert rows.filter(content_type__app_label="difficulties").count() == 1
