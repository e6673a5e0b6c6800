"""The history of an object as its page shows it: one row per history entry, oldest
first, refused attempts included, with the states' labels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.labels import describe, person_name
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


def history_timeline(
    obj: models.Model,
    labels: Mapping[str, Any],
    states: type[models.TextChoices],
    codes: Mapping[str, Any] | None = None,
) -> list[TimelineRow]:
    """`obj`'s own history as its page shows it, oldest first, refused attempts included:
    each row's action named in `labels`, its states read in `states`, the codes older
    rows quoted read in `codes`."""
    entries = HistoryEntry.objects.for_object(obj).select_related("by").order_by("at", "id")
    return [
        timeline_row(
            entry,
            labels.get(entry.action, entry.action),
            states,
            comment=describe(entry, codes),
            who=person_name(entry.by) or str(_("Système")),
        )
        for entry in entries
    ]
