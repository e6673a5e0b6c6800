"""The reference data the programme officers keep: the administrations a report
concerns or is referred to."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.types import AnyUser
from audit.changes import diff, snapshot
from audit.models import Source
from audit.services import record_history, record_update
from difficulties import access
from difficulties.models import Administration
from difficulties.services.common import validation_error
from processes.transitions import NotAllowed, refuse_unless


def administration_save(
    instance: Administration | None = None,
    *,
    fields: dict[str, Any],
    by: AnyUser,
    source: Source | str,
) -> Administration:
    """A new administration (`instance` None) or an edit of `instance`: its name, code
    and whether reports may still name it."""
    decision = access.can_keep_reference(by)
    if instance is None:
        if not decision:
            raise NotAllowed(decision.reason)
        administration = Administration()
    else:
        refuse_unless(decision, obj=instance, action="update", by=by, source=source)
        administration = instance
    edited = list(fields)
    with transaction.atomic():
        before = snapshot(administration, edited)
        for name, value in fields.items():
            setattr(administration, name, value)
        try:
            administration.full_clean()
        except ValidationError as exc:
            raise validation_error(exc) from exc
        administration.save()
        if instance is None:
            record_history(obj=administration, action="create", by=by, source=source)
        else:
            changes = diff(before, snapshot(administration, edited))
            if changes:
                record_update(obj=administration, by=by, source=source, changes=changes)
    return administration
