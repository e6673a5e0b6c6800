"""Uploaded CSV files kept between their preview and their import."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    ASSOCIATIONS = "associations", _("Associations")
    EXPERTS = "experts", _("Membres de la diaspora (compétences)")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Aperçu")
    IMPORTED = "imported", _("Importé")


class ImportBatch(models.Model):
    """An uploaded CSV kept between its dry-run preview and its import."""

    kind = models.CharField(_("type"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("fichier"), max_length=255)
    content = models.TextField(_("contenu"))
    status = models.CharField(
        _("statut"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    row_count = models.PositiveIntegerField(_("lignes"), default=0)
    error_count = models.PositiveIntegerField(_("lignes en erreur"), default=0)
    imported_count = models.PositiveIntegerField(_("lignes importées"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    imported_at = models.DateTimeField(_("importé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("import CSV")
        verbose_name_plural = _("imports CSV")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.file_name}"
