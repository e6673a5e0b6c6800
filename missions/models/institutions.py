"""The host institutions."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from missions.choices import (
    InstitutionKind,
)
from registry.models import Prefecture, Region


class HostInstitution(models.Model):
    """A university, school, hospital or health district in Togo that hosts missions,
    registered and verified by a programme officer; its users post its needs."""

    name = models.CharField(_("nom"), max_length=160, unique=True)
    kind = models.CharField(
        _("type d'établissement"), max_length=20, choices=InstitutionKind.choices
    )
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="+"
    )
    prefecture = models.ForeignKey(
        Prefecture, verbose_name=_("préfecture"), on_delete=models.PROTECT, related_name="+"
    )
    city = models.CharField(_("ville"), max_length=80)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateurs"),
        related_name="host_institutions",
        blank=True,
    )
    verified_at = models.DateTimeField(_("vérifié le"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vérifié par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("établissement d'accueil")
        verbose_name_plural = _("établissements d'accueil")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("missions:institution_detail", args=[self.pk])

    def clean(self) -> None:
        if self.prefecture_id and self.region_id and self.prefecture.region_id != self.region_id:
            raise ValidationError(
                {"prefecture": _("Cette préfecture n'est pas dans la région choisie.")}
            )
