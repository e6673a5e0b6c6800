"""The history of an object as its page shows it: one row per history entry, oldest
first, refused attempts included, with the states' labels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from audit.models import HistoryEntry, Outcome


@dataclass
class TimelineRow:
    entry: HistoryEntry
    action: str
    source_state: str
    target_state: str
    refused: bool
    comment: str = ""
    who: str = ""

    @property
    def changed_state(self) -> bool:
        return bool(self.target_state) and self.source_state != self.target_state


def state_label(value: str, states: type[models.TextChoices]) -> str:
    """The label of state `value` of `states`; the value itself for one they do not name."""
    return str(states(value).label) if value in states.values else value


def timeline_row(
    entry: HistoryEntry, action: Any, states: type[models.TextChoices], **shown: str
) -> TimelineRow:
    """The row of `entry`, its states read in `states`; `shown`: its `comment` and `who`
    as the reader may see them."""
    return TimelineRow(
        entry=entry,
        action=str(action),
        source_state=state_label(entry.source_state, states),
        target_state=state_label(entry.target_state, states),
        refused=entry.outcome == Outcome.REFUSED,
        **shown,
    )
