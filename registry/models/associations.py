"""Diaspora associations, their verification by the embassy, and their members."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_fsm import transition

from processes.fsm import StateField, StateMachine
from processes.table import COMMENT_MAX_LENGTH
from registry.models.geography import Embassy, Prefecture, Region
from registry.models.reference import SectorChoice


class AssociationStatus(models.TextChoices):
    PENDING = "pending", _("En attente de vérification")
    VERIFIED = "verified", _("Vérifiée")
    REJECTED = "rejected", _("Rejetée")


def current_year() -> int:
    return timezone.localdate().year


# What the association is and which embassy answers for it: a member who changes one
# of them sends a verified association back to its embassy's verification.
IDENTITY_FIELDS = ("name", "acronym", "country", "city", "embassy")


class Association(StateMachine):
    name = models.CharField(_("nom"), max_length=200)
    acronym = models.CharField(_("sigle"), max_length=30, blank=True)
    country = CountryField(_("pays"))
    city = models.CharField(_("ville"), max_length=80)
    embassy = models.ForeignKey(
        Embassy, verbose_name=_("ambassade"), on_delete=models.PROTECT, related_name="associations"
    )
    founded_year = models.PositiveSmallIntegerField(
        _("année de création"), validators=[MinValueValidator(1900)]
    )
    members_count = models.PositiveIntegerField(
        _("nombre de membres"), validators=[MinValueValidator(1), MaxValueValidator(1_000_000)]
    )
    sectors = models.ManyToManyField(SectorChoice, verbose_name=_("secteurs"), blank=True)
    home_region = models.ForeignKey(
        Region, verbose_name=_("région d'origine"), on_delete=models.PROTECT, related_name="+"
    )
    home_prefecture = models.ForeignKey(
        Prefecture,
        verbose_name=_("préfecture d'origine"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    contact_name = models.CharField(_("personne de contact"), max_length=120)
    contact_email = models.EmailField(_("e-mail de contact"))
    contact_phone = models.CharField(_("téléphone de contact"), max_length=30, blank=True)
    description = models.TextField(_("présentation"), blank=True, max_length=COMMENT_MAX_LENGTH)
    status = StateField(
        _("statut"), default=AssociationStatus.PENDING, choices=AssociationStatus.choices
    )
    status_comment = models.TextField(_("motif"), blank=True, max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="associations", blank=True
    )

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "country"], name="association_unique_name_country"
            )
        ]
        indexes = [models.Index(fields=["status", "embassy"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:association_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.founded_year and self.founded_year > current_year():
            errors["founded_year"] = _("L'année de création ne peut pas être dans le futur.")
        if (
            self.home_prefecture is not None
            and self.home_region_id
            and self.home_prefecture.region_id != self.home_region_id
        ):
            errors["home_prefecture"] = _(
                "La préfecture %(prefecture)s n'est pas dans la région %(region)s."
            ) % {"prefecture": self.home_prefecture, "region": self.home_region}
        if errors:
            raise ValidationError(errors)

    @property
    def is_verified(self) -> bool:
        return self.status == AssociationStatus.VERIFIED

    @transition(field=status, source=AssociationStatus.PENDING, target=AssociationStatus.VERIFIED)
    def verify(self) -> None:
        self.status_comment = ""

    @transition(field=status, source=AssociationStatus.PENDING, target=AssociationStatus.REJECTED)
    def reject(self, comment: str) -> None:
        self.status_comment = comment

    @transition(field=status, source=AssociationStatus.VERIFIED, target=AssociationStatus.PENDING)
    def reopen_verification(self) -> None:
        """A member changed the association's identity or jurisdiction: its embassy
        verifies it again."""
        self.status_comment = ""


class MembershipRole(models.TextChoices):
    REPRESENTATIVE = "representative", _("Représentant légal")
    MEMBER = "member", _("Membre")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("rôle"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    since = models.DateField(_("depuis"), default=timezone.localdate)

    class Meta:
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        constraints = [
            models.UniqueConstraint(fields=["user", "association"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.association}"
