"""Reference data: sectors, competence domains, education levels, spoken languages."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    WATER = "water", _("Eau et assainissement")
    EDUCATION = "education", _("Éducation")
    HEALTH = "health", _("Santé")
    AGRICULTURE = "agriculture", _("Agriculture")
    ENERGY = "energy", _("Énergie")
    ECONOMY = "economy", _("Économie locale")
    ENVIRONMENT = "environment", _("Environnement")
    CULTURE = "culture", _("Culture")
    INFRASTRUCTURE = "infrastructure", _("Infrastructures")
    DIGITAL = "digital", _("Numérique")


class EducationLevel(models.TextChoices):
    SECONDARY = "secondary", _("Secondaire")
    VOCATIONAL = "vocational", _("Formation professionnelle")
    BACHELOR = "bachelor", _("Licence")
    MASTER = "master", _("Master")
    DOCTORATE = "doctorate", _("Doctorat")


class SpokenLanguage(models.TextChoices):
    FRENCH = "fr", _("Français")
    ENGLISH = "en", _("Anglais")
    EWE = "ee", _("Éwé")
    KABIYE = "kbp", _("Kabiyè")
    GERMAN = "de", _("Allemand")
    SPANISH = "es", _("Espagnol")
    ITALIAN = "it", _("Italien")
    PORTUGUESE = "pt", _("Portugais")
    ARABIC = "ar", _("Arabe")
    CHINESE = "zh", _("Chinois")
    HAUSA = "ha", _("Haoussa")
    YORUBA = "yo", _("Yoruba")


class Bilingual(models.Model):
    """Reference data whose label is kept in French and English."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_fr = models.CharField(_("libellé (français)"), max_length=120)
    label_en = models.CharField(_("libellé (anglais)"), max_length=120)

    class Meta:
        abstract = True
        ordering = ["label_fr"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "fr").startswith("en") else self.label_fr


class SectorChoice(models.Model):
    """The sectors as rows, so associations can hold several (many-to-many)."""

    code = models.CharField(_("code"), max_length=20, primary_key=True, choices=Sector.choices)

    class Meta:
        verbose_name = _("secteur")
        verbose_name_plural = _("secteurs")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(Sector(self.code).label)


class CompetenceDomain(Bilingual):
    class Meta(Bilingual.Meta):
        verbose_name = _("domaine de compétence")
        verbose_name_plural = _("domaines de compétence")
