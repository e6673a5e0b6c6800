"""Togo's regions and prefectures; the embassies and the countries each covers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class Region(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=80)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Prefecture(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=80)
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="prefectures"
    )

    class Meta:
        verbose_name = _("préfecture")
        verbose_name_plural = _("préfectures")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Embassy(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=160)
    city = models.CharField(_("ville"), max_length=80)
    country = CountryField(_("pays de résidence"))

    class Meta:
        verbose_name = _("ambassade")
        verbose_name_plural = _("ambassades")
        ordering = ["name"]
        permissions = [("act_as_focal_point", _("Agir comme point focal de l'ambassade"))]

    def __str__(self) -> str:
        return self.name


class Jurisdiction(models.Model):
    """One country covered by one embassy."""

    embassy = models.ForeignKey(
        Embassy, verbose_name=_("ambassade"), on_delete=models.CASCADE, related_name="jurisdictions"
    )
    country = CountryField(_("pays"), unique=True)

    class Meta:
        verbose_name = _("juridiction")
        verbose_name_plural = _("juridictions")
        ordering = ["country"]

    def __str__(self) -> str:
        return f"{self.embassy} — {countries.name(self.country)}"


class EmbassyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Embassy, on_delete=models.CASCADE)


class EmbassyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Embassy, on_delete=models.CASCADE)
