"""The register's reference data, kept by the programme officers: the administrations
a report concerns or is referred to, and the online services (« Démarches en ligne »).
The pages and the admin save them here: checked by the model, each creation and each
edit written to the history (an edit with the fields it changed)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.types import AnyUser
from audit.changes import diff, snapshot
from audit.models import Source
from audit.services import record_history, record_update
from difficulties import access
from difficulties.models import Administration, OnlineService
from difficulties.services.common import validation_error
from processes.transitions import NotAllowed

R = TypeVar("R", Administration, OnlineService)

ADMINISTRATION_FIELDS = ("code", "name", "active")
ONLINE_SERVICE_FIELDS = ("title", "url", "description", "categories", "position", "active")


def _save(
    model: type[R],
    edited: tuple[str, ...],
    instance: R | None,
    fields: dict[str, Any],
    by: AnyUser,
    source: Source | str,
) -> R:
    if not (decision := access.can_keep_reference(by)):
        raise NotAllowed(decision.reason)
    with transaction.atomic():
        # An edit starts from the stored row (locked), never from the caller's copy.
        pk = instance.pk if instance is not None else None
        row = model.objects.select_for_update().get(pk=pk) if pk is not None else model()
        before = snapshot(row, edited) if pk is not None else None
        for name in edited:
            if name in fields:
                setattr(row, name, fields[name])
        try:
            row.full_clean()
        except ValidationError as exc:
            raise validation_error(exc) from exc
        row.save()
        if before is None:
            record_history(obj=row, action="create", by=by, source=source)
        else:
            changes = diff(before, snapshot(row, edited))
            if changes:
                record_update(obj=row, by=by, source=source, changes=changes)
    return row


def administration_save(
    instance: Administration | None = None,
    *,
    fields: dict[str, Any],
    by: AnyUser,
    source: Source | str,
) -> Administration:
    """Add an administration (`instance` None) or edit one: `code`, `name`, `active`
    (an administration is hidden, never deleted: reports keep pointing at it)."""
    return _save(Administration, ADMINISTRATION_FIELDS, instance, fields, by, source)


def online_service_save(
    instance: OnlineService | None = None,
    *,
    fields: dict[str, Any],
    by: AnyUser,
    source: Source | str,
) -> OnlineService:
    """Add an online service (`instance` None) or edit one: `title`, `url`,
    `description`, `categories`, `position`, `active`."""
    return _save(OnlineService, ONLINE_SERVICE_FIELDS, instance, fields, by, source)
