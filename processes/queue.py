"""Background work after a commit: on Celery workers when a broker is configured,
in this process otherwise.

`enqueue(task, *args)` is the one way a write hands work to the background (a PDF
to render, mails to send): it waits for the transaction to commit, so a rolled-back
write leaves nothing behind, then

- with `CELERY_BROKER_URL` set, publishes the task for the workers and returns at
  once (a broker that does not answer is logged, and the task runs here instead, as
  without a broker: no mail is lost, no document left waiting);
- without one (the default: nothing to install), runs it here and now, once: a
  failure is final at the first try, recorded by the task as it would be on a
  worker after its last retry.

Tasks take ids and plain values, never model instances: they may run on another
machine, later, against what is then in the database.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


# The options every task of the project shares: retried with a growing, jittered
# delay, acknowledged only once done (a killed worker's task is delivered again).
def retried() -> dict[str, Any]:
    return {
        "autoretry_for": (Exception,),
        "max_retries": settings.CELERY_TASK_MAX_RETRIES,
        "retry_backoff": True,
        "retry_backoff_max": settings.CELERY_TASK_RETRY_BACKOFF_MAX,
        "retry_jitter": settings.CELERY_TASK_RETRY_JITTER,
        "acks_late": True,
    }


def broker_configured() -> bool:
    return bool(getattr(settings, "CELERY_BROKER_URL", ""))


def dispatch(task: Task, *args: Any) -> None:
    """Run `task` now: publish it to the workers, or run it in this process."""
    if broker_configured():
        try:
            task.apply_async(args=args)
            return
        except Exception:
            # Nothing is lost while the broker is down: the mails of this write are sent
            # and its document rendered here, as without a broker (the request is slower).
            logger.exception("The broker refused %s%r; done in this process", task.name, args)
    # As if every retry were spent: in-process work is tried once, never waited for.
    task.apply(args=args, retries=task.max_retries)


def enqueue(task: Task, *args: Any) -> None:
    """Run `task(*args)` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: dispatch(task, *args))
