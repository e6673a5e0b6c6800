"""What the background work remembers between its tries."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SentMail(models.Model):
    """A mail the background sent: a retry of its task does not send it again.

    `key` is the task's key (drawn when the mail was due) and the message's place in
    it; a row is written in the same transaction as the sending, so a mail whose
    sending failed is tried again and one that left is not."""

    key = models.CharField(_("clé"), max_length=80, unique=True)
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("courriel envoyé")
        verbose_name_plural = _("courriels envoyés")

    def __str__(self) -> str:
        return self.key
