"""Rendering a due document in the background (`processes.queue`).

`request_document` records the pending row in the transition's transaction and
enqueues `render_pending` with its id; the task renders it once the transition
has committed, on a worker or in the request's process. Running it twice makes one
document: a pending row another run already resolved (or is rendering: its row is
locked) is left alone. A failure is tried again with a growing delay; the last one
is kept as a `DocumentFailure`, shown on the owner's page with its retry button.
Both are written in the owner's history as automatic (`Source.SYSTEM`), on behalf
of whoever made the document due.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from django.db import models, transaction

from audit.models import Source
from documents.models import PendingDocument
from documents.services import generate_for, record_failure
from processes.queue import retried

logger = logging.getLogger(__name__)


def _owner(pending: PendingDocument) -> models.Model | None:
    model = pending.content_type.model_class()
    if model is None:
        return None
    found: models.Model | None = model._default_manager.filter(pk=pending.object_id).first()
    return found


def render(pending_id: int) -> int | None:
    """Store the document the pending row is waiting for; its id, or None if there was
    nothing (left) to do."""
    with transaction.atomic():
        pending = (
            PendingDocument.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("content_type", "by")
            .filter(pk=pending_id, resolved=False)
            .first()
        )
        if pending is None:
            return None
        owner = _owner(pending)
        if owner is None:
            PendingDocument.objects.filter(pk=pending.pk).update(resolved=True)
            return None
        return generate_for(owner, pending.kind, by=pending.by, source=Source.SYSTEM).pk


def record_final_failure(pending_id: int, error: BaseException) -> None:
    pending = (
        PendingDocument.objects.select_related("content_type", "by")
        .filter(pk=pending_id, resolved=False)
        .first()
    )
    owner = None if pending is None else _owner(pending)
    if pending is None or owner is None:
        return
    record_failure(owner=owner, kind=pending.kind, error=error, by=pending.by, source=Source.SYSTEM)


class RecordsFailure(Task):
    """Its last failure becomes the owner's `DocumentFailure` (with the retry button)."""

    def on_failure(
        self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
    ) -> None:
        logger.error("Rendering pending document %s failed for good: %r", args[0], exc)
        try:
            record_final_failure(args[0], exc)
        except Exception:
            logger.exception("Recording the failure of pending document %s failed too", args[0])


@shared_task(base=RecordsFailure, **retried())
def render_pending(pending_id: int) -> int | None:
    return render(pending_id)
