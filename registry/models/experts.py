"""The directory of the diaspora's competences (experts)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from registry.models.geography import Embassy, Region
from registry.models.reference import CompetenceDomain, EducationLevel, SpokenLanguage


class Expert(models.Model):
    first_name = models.CharField(_("prénom"), max_length=80)
    last_name = models.CharField(_("nom"), max_length=80)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    country = CountryField(_("pays de résidence"))
    city = models.CharField(_("ville de résidence"), max_length=80)
    embassy = models.ForeignKey(
        Embassy,
        verbose_name=_("ambassade"),
        on_delete=models.PROTECT,
        related_name="experts",
        null=True,
        blank=True,
        help_text=_("Déduite du pays de résidence."),
    )
    profession = models.CharField(_("profession"), max_length=120)
    education_level = models.CharField(
        _("niveau d'études"), max_length=20, choices=EducationLevel.choices
    )
    education_field = models.CharField(_("domaine d'études"), max_length=120, blank=True)
    competences = models.ManyToManyField(
        CompetenceDomain, verbose_name=_("domaines de compétence"), related_name="experts"
    )
    languages = models.JSONField(_("langues"), default=list, blank=True)
    available_teaching = models.BooleanField(
        _("disponible pour des missions d'enseignement"), default=False
    )
    available_medical = models.BooleanField(
        _("disponible pour des missions médicales"), default=False
    )
    home_region = models.ForeignKey(
        Region,
        verbose_name=_("région d'origine"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    consent_listed = models.BooleanField(_("accepte de figurer dans le répertoire"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expert_profile",
    )
    # The account linked to the profile acts as the expert (applies, reports) once the
    # focal point of the expert's embassy has verified the link.
    account_verified_at = models.DateTimeField(
        _("compte vérifié le"), null=True, blank=True, editable=False
    )
    account_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte vérifié par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("membre de la diaspora (compétence)")
        verbose_name_plural = _("membres de la diaspora (compétences)")
        ordering = ["last_name", "first_name", "id"]
        indexes = [models.Index(fields=["country"]), models.Index(fields=["embassy"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return reverse("registry:expert_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def language_labels(self) -> list[str]:
        labels = dict(SpokenLanguage.choices)
        return [str(labels.get(code, code)) for code in self.languages]
