"""The one way to write history."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any, NotRequired, TypedDict, Unpack

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from accounts.types import AnyUser
from audit.models import HistoryEntry, Outcome, Source


class HistoryFields(TypedDict):
    obj: models.Model
    action: str
    by: AnyUser | None
    source: Source | str
    source_state: NotRequired[str]
    target_state: NotRequired[str]
    comment: NotRequired[str]
    outcome: NotRequired[Outcome]
    data: NotRequired[dict[str, Any] | None]
    at: NotRequired[datetime | None]
    source_since: NotRequired[datetime | None]


def history_entry(
    *,
    obj: models.Model,
    action: str,
    by: AnyUser | None,
    source: Source | str,
    source_state: str = "",
    target_state: str = "",
    comment: str = "",
    outcome: Outcome = Outcome.DONE,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
    source_since: datetime | None = None,
) -> HistoryEntry:
    """A history row, not yet written: `record_history` writes one; many written at
    once go through `HistoryEntry.objects.bulk_create`, which chains them in order.
    A transition's row may say when it happened (`at`, now otherwise) and when the
    object entered its source state (`source_since`)."""
    user = by if by is not None and by.is_authenticated else None
    return HistoryEntry(
        at=at or timezone.now(),
        source_since=source_since,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        action=action,
        source_state=source_state,
        target_state=target_state,
        by=user,
        comment=comment,
        data=data or {},
        source=source,
        outcome=outcome,
    )


# The rows recorded inside `written_together`, waiting for the end of its block.
_pending: ContextVar[list[HistoryEntry] | None] = ContextVar("pending_history", default=None)


def record_history(**fields: Unpack[HistoryFields]) -> HistoryEntry:
    """Write a history row (inside `written_together`: at the end of its block)."""
    entry = history_entry(**fields)
    pending = _pending.get()
    if pending is None:
        entry.save(force_insert=True)
    else:
        pending.append(entry)
    return entry


@contextmanager
def written_together() -> Iterator[None]:
    """The history rows recorded inside the block are written at its end, in one
    INSERT chained in the order they were recorded (the chain's lock and last hash read
    once). Open it inside the transaction that writes what they record: nothing is
    written when the block raises. A block inside another one (a transition fired by
    another, perhaps in a savepoint that rolls back) keeps its own rows: they join the
    outer block's, in order, when it ends, and are dropped when it raises. (A savepoint
    rolled back inside one block, its error caught there, does not drop the rows recorded
    in it: fire a transition there, which opens its own block.)"""
    outer = _pending.get()
    rows: list[HistoryEntry] = []
    token = _pending.set(rows)
    try:
        yield
    finally:
        _pending.reset(token)
    if outer is not None:
        outer.extend(rows)
    elif rows:
        HistoryEntry.objects.bulk_create(rows)


def record_update(
    *,
    obj: models.Model,
    by: AnyUser | None,
    source: Source | str,
    action: str = "update",
    data: dict[str, Any] | None = None,
    changes: list[dict[str, Any]] | None = None,
    state_field: str = "status",
) -> HistoryEntry:
    """A history row for a change that leaves `obj` in its state (an edit, an item
    added to it, an assignment); `changes`: the fields an edit changed, from what to
    what (`audit.changes.diff`), kept in the row's `data`."""
    data = with_changes(data, changes)
    state = str(getattr(obj, state_field, "") or "")
    return _record_in_state(obj, action, by, source, state, data=data)


def with_changes(
    data: dict[str, Any] | None, changes: list[dict[str, Any]] | None
) -> dict[str, Any] | None:
    """`data` with the fields an edit changed (`audit.changes.diff`) under "changes"."""
    if not changes:
        return data
    return {**(data or {}), "changes": changes}


def record_refusal(
    *,
    obj: models.Model,
    action: str,
    by: AnyUser | None,
    source: Source | str,
    reason: str,
    state: str = "",
) -> HistoryEntry:
    """Keep a trace of a refused attempt (403/409/400); it is written even when the
    attempt itself is rolled back, so call it outside the failed transaction."""
    return _record_in_state(obj, action, by, source, state, comment=reason, outcome=Outcome.REFUSED)


def _record_in_state(
    obj: models.Model,
    action: str,
    by: AnyUser | None,
    source: Source | str,
    state: str,
    **fields: Any,
) -> HistoryEntry:
    """A row whose source and target state are both `state`."""
    return record_history(
        obj=obj,
        action=action,
        by=by,
        source=source,
        source_state=state,
        target_state=state,
        **fields,
    )
