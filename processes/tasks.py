"""The background tasks of the ground floor: mail (see `processes.mail`)."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.core.mail import send_mail
from django.db import transaction

from processes.models import SentMail
from processes.queue import retried


@shared_task(**retried())
def send_mails(key: str, messages: list[list[Any]]) -> int:
    """Send each `[subject, body, recipients]` not sent yet under `key`; how many left.

    A failure (the mail server down) is retried with a growing delay, and the messages
    already sent are not sent again; the last failure is logged by the worker."""
    sent = 0
    for number, (subject, body, recipients) in enumerate(messages):
        with transaction.atomic():
            _, new = SentMail.objects.get_or_create(key=f"{key}:{number}")
            if new:
                send_mail(subject, body, None, recipients, fail_silently=False)
                sent += 1
    return sent
