"""The register's daily work (`manage.py close_answered_difficulties`,
`manage.py escalate_overdue_difficulties`): overdue referrals escalated to the
officers, answered reports closed after 30 days without the reporter's word,
unconfirmed reports forgotten after 7 days."""

from __future__ import annotations

import datetime
from functools import partial

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from audit.models import Source
from audit.services import record_history
from difficulties import notifications
from difficulties.choices import DifficultyStatus
from difficulties.codes import CONFIRMATION_DAYS
from difficulties.models import Difficulty
from difficulties.services.handling import difficulty_close
from documents.erasure import erase_files_of
from documents.uploads import attachments_of

S = DifficultyStatus

# An answer without the reporter's word closes the report after this many days.
CLOSE_AFTER_ANSWER_DAYS = 30


def escalate_overdue(*, today: datetime.date | None = None) -> int:
    """Mail the officers once about each referral past its due date, with a history
    row `escalate`; return how many were escalated."""
    today = today or timezone.localdate()
    overdue = Difficulty.objects.filter(
        status=S.REFERRED, due_date__lt=today, escalated_at__isnull=True
    ).order_by("due_date", "pk")
    count = 0
    for difficulty in overdue.iterator():
        with transaction.atomic():
            stamped = Difficulty.objects.filter(
                pk=difficulty.pk, status=S.REFERRED, escalated_at__isnull=True
            ).update(escalated_at=timezone.now())
            if not stamped:
                continue
            record_history(
                obj=difficulty,
                action="escalate",
                by=None,
                source=Source.COMMAND,
                data={"due_date": difficulty.due_date.isoformat() if difficulty.due_date else ""},
            )
            transaction.on_commit(partial(notifications.escalated, difficulty))
        count += 1
    return count


def close_answered(*, now: datetime.datetime | None = None) -> int:
    """Close, as the system, the reports answered more than 30 days ago that the
    reporter said nothing about; return how many."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=CLOSE_AFTER_ANSWER_DAYS)
    stale = Difficulty.objects.filter(status=S.ANSWERED, answered_at__lt=limit).order_by("pk")
    count = 0
    for difficulty in stale.iterator():
        difficulty_close(
            difficulty=difficulty,
            by=AnonymousUser(),
            source=Source.COMMAND,
            expected_state=S.ANSWERED,
            cascade=True,
        )
        count += 1
    return count


def forget_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Delete the reports never confirmed within `CONFIRMATION_DAYS` of their link's
    last mailing (`link_sent_at`, else their creation), with
    their pieces (rows and files); nothing was registered: no history is kept of them
    beyond their creation row. A phone-only report waits for its focal point's call."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=CONFIRMATION_DAYS)
    old = (
        Difficulty.objects.annotate(link_at=Coalesce("link_sent_at", "created_at"))
        .filter(status=S.UNCONFIRMED, link_at__lt=limit, email__gt="")
        .order_by("pk")
    )
    count = 0
    for difficulty in old.iterator():
        with transaction.atomic():
            erase_files_of(difficulty)
            attachments_of(difficulty).delete()
            difficulty.delete()
        count += 1
    return count
