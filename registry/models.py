"""RECOATEX: embassies, Togo's geography, diaspora associations and experts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


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


class AssociationStatus(models.TextChoices):
    PENDING = "pending", _("En attente de vérification")
    VERIFIED = "verified", _("Vérifiée")
    REJECTED = "rejected", _("Rejetée")


def current_year() -> int:
    return timezone.localdate().year


class Association(ConcurrentTransitionMixin, models.Model):
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
    description = models.TextField(_("présentation"), blank=True)
    status = FSMField(
        _("statut"),
        default=AssociationStatus.PENDING,
        choices=AssociationStatus.choices,
        protected=True,
    )
    status_comment = models.TextField(_("motif"), blank=True)
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
