"""The reference data officers keep: the online services (« Démarches en ligne »)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from audit.changes import diff, snapshot
from audit.models import Source
from audit.services import record_history, record_update
from difficulties import access
from difficulties.models import OnlineService
from difficulties.services.common import validation_error
from processes.transitions import ConditionsUnmet, NotAllowed, refuse_unless

ONLINE_SERVICE_FIELDS = ("title", "url", "description", "categories", "position", "active")


def _check_link(service: OnlineService) -> None:
    if not str(service.url or "").lower().startswith("https://"):
        message = _("Donnez un lien sûr, commençant par https://.")
        raise ConditionsUnmet([message], fields={"url": [message]})


def online_service_save(
    instance: OnlineService | None = None,
    *,
    fields: dict[str, Any],
    by: AnyUser,
    source: Source | str,
) -> OnlineService:
    """An online service added (no `instance`) or edited by a programme officer."""
    decision = access.can_keep_reference(by)
    if instance is not None and instance.pk is not None:
        refuse_unless(decision, obj=instance, action="update", by=by, source=source)
    elif not decision:
        raise NotAllowed(decision.reason)
    values = {name: fields[name] for name in ONLINE_SERVICE_FIELDS if name in fields}
    service = instance if instance is not None else OnlineService()
    before = snapshot(service, list(values))
    for name, value in values.items():
        setattr(service, name, value)
    try:
        service.full_clean()
    except ValidationError as exc:
        raise validation_error(exc) from exc
    _check_link(service)
    with transaction.atomic():
        created = service.pk is None
        service.save()
        if created:
            record_history(obj=service, action="create", by=by, source=source)
        else:
            changes = diff(before, snapshot(service, list(values)))
            if changes:
                record_update(obj=service, by=by, source=source, changes=changes)
    return service
