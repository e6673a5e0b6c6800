"""Two merges of the same pair of reports at the same moment, one each way, each in its
own thread and connection: both rows are locked in the order of their keys, so one wins
and the other is refused in words, never a cycle of duplicates (PostgreSQL; SQLite
cannot queue the writers here)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from audit.models import Source
from difficulties import services
from difficulties.choices import DifficultyStatus
from difficulties.models import Difficulty
from processes.transitions import ConditionsUnmet
from tests.concurrency import CONCURRENT, at_once
from tests.difficulties.builders import make_difficulty

pytestmark = CONCURRENT
S = DifficultyStatus
ROUNDS = 5


def merge(pk: int, into: str) -> Any:
    def merged() -> Difficulty:
        return services.difficulty_merge(
            difficulty=Difficulty.objects.get(pk=pk),
            into=into,
            by=User.objects.get(username="focal_paris"),
            source=Source.API,
        )

    return merged


def test_two_merges_each_way_cannot_both_win(cast: dict[str, Any]) -> None:
    for _ in range(ROUNDS):
        first = make_difficulty(S.REPORTED)
        second = make_difficulty(S.QUALIFIED)
        outcomes = at_once(
            [merge(first.pk, second.tracking_code), merge(second.pk, first.tracking_code)]
        )
        won = [o for o in outcomes if isinstance(o, Difficulty)]
        refused = [o for o in outcomes if isinstance(o, ConditionsUnmet)]
        assert (len(won), len(refused)) == (1, 1), outcomes
        assert "Le signalement principal doit être en cours de traitement." in refused[0].detail
        pair = Difficulty.objects.filter(pk__in=(first.pk, second.pk))
        assert sorted(pair.values_list("status", flat=True)) == sorted(
            [S.DUPLICATE, won[0].merged_into.status]
        )
        assert pair.filter(status=S.DUPLICATE).count() == 1
