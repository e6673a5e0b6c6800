"""An export: one download of a list (proposals, cases, associations, experts) as CSV
or XLSX, with who asked, the filters it applied and how many rows it held.

A small export is written in the request that asks for it; a large one is written by
the task queue into `file`, its progress kept in `rows_done` / `rows_total`, and
offered for download when done. Either way the export's history row says who
exported what, with which filters, and how many rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    PROPOSALS = "proposals", _("Projets de coréalisation")
    CASES = "cases", _("Dossiers de réintégration")
    ASSOCIATIONS = "associations", _("Associations")
    EXPERTS = "experts", _("Compétences de la diaspora")


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV (tableur)")
    XLSX = "xlsx", _("Classeur Excel (XLSX)")


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Prêt")
    FAILED = "failed", _("Échec")


def export_path(export: Export, filename: str) -> str:
    return f"exports/{export.requested_at:%Y/%m}/{filename}"


class Export(models.Model):
    kind = models.CharField(_("liste"), max_length=20, choices=ExportKind.choices)
    format = models.CharField(_("format"), max_length=8, choices=ExportFormat.choices)
    # The filters applied, as sent (names and values): shown again and in the history.
    filters = models.JSONField(_("filtres"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    status = models.CharField(
        _("état"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    rows_total = models.PositiveIntegerField(_("lignes à écrire"), default=0)
    rows_done = models.PositiveIntegerField(_("lignes écrites"), default=0)
    file = models.FileField(_("fichier"), upload_to=export_path, max_length=255, blank=True)
    # Bytes of `file` once written (read without asking the storage, a bucket maybe).
    size = models.PositiveBigIntegerField(_("taille"), default=0)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "requested_at"])]

    def __str__(self) -> str:
        when = f"{self.requested_at:%Y-%m-%d %H:%M}"
        return f"{self.get_kind_display()} ({self.get_format_display()}) — {when}"

    @property
    def progress(self) -> int:
        """Percent written, 0 to 100."""
        if self.status == ExportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)
