"""Stored files: uploaded attachments (and, later, generated documents)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AttachmentKind(models.TextChoices):
    PROGRESS_REPORT = "progress_report", _("Rapport d'avancement")
    FINAL_REPORT = "final_report", _("Rapport final")
    SIGNED_AGREEMENT = "signed_agreement", _("Convention signée")
    RECEIPT = "receipt", _("Justificatif de dépense")
    IDENTITY = "identity", _("Pièce d'identité")
    OTHER = "other", _("Autre pièce")


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never comes from the user: the hash names the file.
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        instance.mime_type, "bin"
    )
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}.{extension}"


class Attachment(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("type de pièce"), max_length=30, choices=AttachmentKind.choices)
    file = models.FileField(_("fichier"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("nom d'origine"), max_length=255)
    mime_type = models.CharField(_("type de contenu"), max_length=50)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"
