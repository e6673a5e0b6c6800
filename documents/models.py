"""Stored files: uploaded attachments and generated documents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.models import Source
from processes.table import COMMENT_MAX_LENGTH


class AttachmentKind(models.TextChoices):
    PROGRESS_REPORT = "progress_report", _("Rapport d'avancement")
    FINAL_REPORT = "final_report", _("Rapport final")
    SIGNED_AGREEMENT = "signed_agreement", _("Convention signée")
    RECEIPT = "receipt", _("Justificatif de dépense")
    IDENTITY = "identity", _("Pièce d'identité")
    LICENCE = "licence", _("Autorisation d'exercer")
    SYLLABUS = "syllabus", _("Programme d'enseignement")
    EQUIPMENT_LIST = "equipment_list", _("Liste du matériel")
    EVIDENCE = "evidence", _("Pièce justificative")
    OTHER = "other", _("Autre pièce")


def attachment_kind_choices(kinds: Iterable[str]) -> list[tuple[str, Any]]:
    """Form and API choices for the kinds of pieces an owner takes, in that order."""
    return [(AttachmentKind(kind).value, AttachmentKind(kind).label) for kind in kinds]


# The extensions a name may end with for each accepted type; the first is the usual one.
EXTENSIONS = {
    "application/pdf": ("pdf",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
}


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never comes from the user: the hash names the file.
    extension = EXTENSIONS.get(instance.mime_type, ("bin",))[0]
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
    # Empty for a piece sent without an account (a public form's reporter).
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    # Set when the file was deleted with its owner's personal data (`documents.erasure`):
    # the row stays, without its file or its original name.
    erased_at = models.DateTimeField(_("fichier effacé le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"


class DocumentKind(models.TextChoices):
    AGREEMENT = "agreement", _("Convention de cofinancement")
    REINTEGRATION_PLAN = "reintegration_plan", _("Plan de réintégration")
    MISSION_ORDER = "mission_order", _("Ordre de mission")
    MISSION_CERTIFICATE = "mission_certificate", _("Attestation de mission")
    DIFFICULTY_QUARTERLY = "difficulty_quarterly", _("Rapport trimestriel des difficultés")


# The start of a downloaded file's name, per kind (lowercase ASCII, hyphens).
FILE_STEMS: dict[str, Any] = {
    DocumentKind.AGREEMENT: pgettext_lazy("file name", "convention-cofinancement"),
    DocumentKind.REINTEGRATION_PLAN: pgettext_lazy("file name", "plan-reintegration"),
    DocumentKind.MISSION_ORDER: pgettext_lazy("file name", "ordre-de-mission"),
    DocumentKind.MISSION_CERTIFICATE: pgettext_lazy("file name", "attestation-de-mission"),
    DocumentKind.DIFFICULTY_QUARTERLY: pgettext_lazy("file name", "rapport-difficultes"),
}


class ImmutableDocumentError(Exception):
    """Raised when code tries to change or delete a stored document."""


class StoredDocumentQuerySet(models.QuerySet["StoredDocument"]):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableDocumentError("Stored documents are never updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableDocumentError("Stored documents are never deleted.")

    def for_owner(self, owner: models.Model) -> StoredDocumentQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk
        )


def document_path(instance: StoredDocument, filename: str) -> str:
    # Named by the hash: the stored name never depends on user text.
    return f"documents/{instance.kind}/{instance.sha256[:2]}/{instance.sha256}.pdf"


class StoredDocument(models.Model):
    """A generated PDF, kept exactly as it was issued; a regeneration is a new version."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("type de document"), max_length=30, choices=DocumentKind.choices)
    reference = models.CharField(_("référence"), max_length=30)
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("fichier"), upload_to=document_path, max_length=255)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, unique=True)
    verification_code = models.CharField(_("code de vérification"), max_length=16, unique=True)
    template_version = models.CharField(_("version du modèle"), max_length=40)
    payload = models.JSONField(_("données intégrées"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("généré par"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("généré le"), default=timezone.now)
    source = models.CharField(_("origine"), max_length=16, choices=Source.choices)

    objects = StoredDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document généré")
        verbose_name_plural = _("documents générés")
        ordering = ["kind", "-version", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "version"],
                name="stored_document_unique_version",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableDocumentError("Stored documents are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableDocumentError("Stored documents are never deleted.")

    @property
    def storage_name(self) -> str:
        """The stored file's name: the same whatever the language."""
        return f"{self.reference}-{self.kind.replace('_', '-')}-v{self.version}.pdf"

    @property
    def download_name(self) -> str:
        """`convention-cofinancement-PRJ-2026-0001-v1.pdf`, in the active language."""
        stem = FILE_STEMS.get(self.kind)
        name = str(stem) if stem is not None else self.kind.replace("_", "-")
        return f"{name}-{self.reference}-v{self.version}.pdf"


class OpenDocumentRow(models.Model):
    """What a failed generation and a pending document share: an owner and a kind, who
    asked, and whether it is resolved (by a stored document, or a failure for a pending row)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("type de document"), max_length=30, choices=DocumentKind.choices)
    at = models.DateTimeField(_("le"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved = models.BooleanField(_("résolu"), default=False)
    resolved_at = models.DateTimeField(_("résolu le"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.at:%Y-%m-%d %H:%M}"


class DocumentFailure(OpenDocumentRow):
    """A generation that failed after its transition committed, kept until a retry succeeds."""

    error = models.TextField(_("erreur"), max_length=COMMENT_MAX_LENGTH)

    class Meta:
        verbose_name = _("échec de génération")
        verbose_name_plural = _("échecs de génération")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "resolved"])]


class PendingDocument(OpenDocumentRow):
    """A document a transition made due, recorded in the transition's own transaction.

    Resolved once the document is stored or its failure recorded. A row left open means
    the rendering after the commit never ended (a worker killed or timed out): the
    owner's page says the document is being prepared, and `regenerate_documents` or the
    panel's button complete it. The stored documents themselves stay immutable: this row
    is the promise, `StoredDocument` the issued file.
    """

    source = models.CharField(_("origine"), max_length=16, choices=Source.choices)

    class Meta:
        verbose_name = _("document en préparation")
        verbose_name_plural = _("documents en préparation")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "resolved"])]
