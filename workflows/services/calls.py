"""Calls for proposals and their review grid."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.types import AnyUser
from audit.changes import diff, snapshot
from audit.models import Source
from audit.services import record_history, record_update
from documents.formatting import format_decimal, format_xof
from processes.transitions import ConditionsUnmet, NotAllowed
from workflows import access
from workflows.models import Call, Criterion

User = AnyUser


def call_save(
    *,
    call: Call,
    criteria: Sequence[tuple[str, str, Decimal]] | None,
    by: User,
    source: Source | str,
) -> Call:
    """Create or edit a call and its review grid (officers)."""
    decision = access.can_manage_calls(by)
    if not decision:
        raise NotAllowed(decision.reason)
    creating = call.pk is None
    before = None
    with transaction.atomic():
        if not creating:
            locked = Call.objects.select_for_update().get(pk=call.pk)
            before = snapshot(locked, EDITED_FIELDS, extra=_grid(locked))
            call.committed = locked.committed
            if call.envelope < locked.committed:
                raise ConditionsUnmet(
                    [
                        _("L'enveloppe ne peut pas descendre sous le montant déjà engagé (%s).")
                        % format_xof(locked.committed)
                    ],
                    fields={"envelope": [_("Inférieure au montant déjà engagé.")]},
                )
        call.full_clean(exclude=["committed"])
        call.save()
        if criteria is not None:
            kept = []
            for position, (code, label, weight) in enumerate(criteria):
                criterion, _created = Criterion.objects.update_or_create(
                    call=call,
                    code=code,
                    defaults={"label": label, "weight": weight, "position": position},
                )
                kept.append(criterion.pk)
            call.criteria.exclude(pk__in=kept).delete()
        if before is None:
            record_history(obj=call, action="create", by=by, source=source)
        else:
            changes = diff(before, snapshot(call, EDITED_FIELDS, extra=_grid(call)))
            if changes:
                record_update(obj=call, by=by, source=source, changes=changes)
    return call


# What an officer edits of a call (the amount committed is the platform's).
EDITED_FIELDS = tuple(
    f.name
    for f in Call._meta.concrete_fields
    if f.editable and not f.primary_key and f.name not in {"committed", "created_at"}
)


def _grid(call: Call) -> dict[str, tuple[Any, list[str]]]:
    """The review grid as an edit's history row compares it."""
    criteria = [f"{c.label} ({c.code}, {format_decimal(c.weight)})" for c in call.criteria.all()]
    return {"criteria": (gettext_lazy("grille d'évaluation"), criteria)}
