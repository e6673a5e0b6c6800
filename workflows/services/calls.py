"""Calls for proposals and their review grid."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from audit.models import Source
from audit.services import record_history
from documents.formatting import format_xof
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
    with transaction.atomic():
        if not creating:
            locked = Call.objects.select_for_update().get(pk=call.pk)
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
        record_history(obj=call, action="create" if creating else "update", by=by, source=source)
    return call
