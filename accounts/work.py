"""The shape of one open piece of work in a user's inbox, whatever the process, and the
inbox's keyset: every source lists its rows in one order, (since, source, id), so that
the merged inbox pages the same way whatever the number of rows of each."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

M = TypeVar("M", bound=models.Model)

# The tables the inbox's rows come from: the second part of its order. The flows' tasks
# of every process are rows of one table (viewflow's), so one name serves them all.
SOURCES = (
    "association",
    "difficulty",
    "expert",
    "licence",
    "mission",
    "need",
    "proposal",
    "referral",
    "review",
    "task",
)


class WorkKey(NamedTuple):
    """Where a work item stands in the inbox: oldest first, then by table, then by id."""

    since: datetime.datetime
    source: str
    id: int


@dataclass(frozen=True)
class WorkItem:
    process: str
    object_id: int
    task: str
    label: str
    since: datetime.datetime
    url: str
    reference: str = ""
    title: str = ""
    # The row it comes from (one of SOURCES, and its id): its place in the inbox.
    source: str = ""
    source_id: int = 0

    @property
    def key(self) -> WorkKey:
        return WorkKey(self.since, self.source, self.source_id)


@dataclass(frozen=True)
class Window:
    """The part of the inbox a caller reads: at most `size` items after `after`, or the
    last `size` before `before`, or the first `size`."""

    after: WorkKey | None = None
    before: WorkKey | None = None
    size: int = 200

    def rows(self, queryset: QuerySet[M], since: str, source: str) -> QuerySet[M]:
        """The rows of `queryset` (whose table is `source`, dated by field `since`) in the
        window, nearest the window's key first: one index-backed query, `size` rows at most.

        A date field `since` (a referral's due day) reads as its midnight: beyond a key of
        the same day only when the key is that midnight itself."""
        forward = self.before is None
        key = self.after if forward else self.before
        order = (since, "pk") if forward else (f"-{since}", "-pk")
        if key is not None:
            queryset = queryset.filter(_beyond(queryset, since, source, key, forward))
        return queryset.order_by(*order)[: self.size]

    def cut(self, items: Iterable[WorkItem]) -> list[WorkItem]:
        """The window's items among `items`, oldest first."""
        ordered = sorted(items, key=lambda item: item.key)
        if self.before is not None:
            return ordered[-self.size :] if self.size else []
        return ordered[: self.size]


# The first items of the inbox: what a caller that does not page reads.
FIRST_ITEMS = Window()


def _beyond(queryset: QuerySet[M], since: str, source: str, key: WorkKey, forward: bool) -> Q:
    """Rows after (`forward`) or before `key` in the order (since, source, id), for a
    queryset of table `source`: `since` bounds them from one side (so that an index on
    (since, id) serves), the source and then the id decide between rows of one moment."""
    strict, wide = ("gt", "gte") if forward else ("lt", "lte")
    value: datetime.date | datetime.datetime = key.since
    field = queryset.model._meta.get_field(since)
    if not isinstance(field, models.DateTimeField):
        # A day: its midnight, as the source dates it (see `midnight`).
        local = timezone.localtime(key.since)
        value = local.date()
        if local != midnight(value):
            # The key falls within that day: the day's midnight is before it.
            return Q(**{f"{since}__{'gt' if forward else 'lte'}": value})
    bound = Q(**{f"{since}__{wide}": value})
    beyond = Q(**{f"{since}__{strict}": value})
    if source == key.source:
        return bound & (beyond | Q(**{f"pk__{strict}": key.id}))
    return bound if (source > key.source) == forward else beyond


def midnight(day: datetime.date) -> datetime.datetime:
    """The start of `day` in the current time zone: when a work item dated by a day waits
    since."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def action_anchor(name: str) -> str:
    """The id of the section of a page where action `name` is done: `action-request-tranche`.

    A task's link ends with `#` and this id; the section has `tabindex="-1"` and
    `static/js/actions.js` scrolls to it and focuses it."""
    return "action-" + name.replace("_", "-")
