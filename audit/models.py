"""The append-only history every process writes to."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    ADMIN = "admin", _("Administration")
    COMMAND = "command", _("Commande")
    SYSTEM = "system", _("Automatique")


class Outcome(models.TextChoices):
    DONE = "done", _("Effectué")
    REFUSED = "refused", _("Refusé")


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a history row."""


class HistoryQuerySet(models.QuerySet["HistoryEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("History rows are never updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("History rows are never deleted.")

    def for_object(self, obj: models.Model) -> HistoryQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class HistoryEntry(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(_("action"), max_length=64)
    source_state = models.CharField(_("état de départ"), max_length=32, blank=True)
    target_state = models.CharField(_("état d'arrivée"), max_length=32, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)
    comment = models.TextField(_("commentaire"), blank=True)
    # The row's facts (amounts, dates, people), put into words when shown: audit.labels.
    data = models.JSONField(_("données"), default=dict, blank=True)
    source = models.CharField(_("origine"), max_length=16, choices=Source.choices)
    outcome = models.CharField(
        _("résultat"), max_length=16, choices=Outcome.choices, default=Outcome.DONE
    )

    objects = HistoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée d'historique")
        verbose_name_plural = _("historique")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.source_state}→{self.target_state} ({self.at:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("History rows are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("History rows are never deleted.")
