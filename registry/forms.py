"""Forms of the registry, shared by the pages and the CSV import; the list pages' filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from processes.forms import FilterForm, any_of, one_of
from registry.models import (
    Association,
    AssociationStatus,
    CompetenceDomain,
    Embassy,
    Expert,
    Prefecture,
    Region,
    Sector,
    SectorChoice,
    SpokenLanguage,
)
from registry.services import embassy_for_country

# What a person writes of an association or an expert, on the pages, in the admin and
# through the API (which adds its read-only fields around them).
ASSOCIATION_FIELDS = (
    "name",
    "acronym",
    "country",
    "city",
    "embassy",
    "founded_year",
    "members_count",
    "sectors",
    "home_region",
    "home_prefecture",
    "contact_name",
    "contact_email",
    "contact_phone",
    "description",
)
EXPERT_IDENTITY = ("first_name", "last_name", "email", "phone", "country", "city")
EXPERT_PROFILE = (
    "profession",
    "education_level",
    "education_field",
    "competences",
    "languages",
    "available_teaching",
    "available_medical",
    "home_region",
    "consent_listed",
)


def region_field(label: Any) -> forms.ModelChoiceField:
    """A region of Togo, to choose."""
    return forms.ModelChoiceField(queryset=Region.objects.all(), label=label)


def prefecture_field(label: Any) -> forms.ModelChoiceField:
    """A prefecture, optional; its form narrows the choice to the chosen region's
    (`registry.selectors.prefecture_choices`) and checks it (`check_prefecture_in_region`)."""
    return forms.ModelChoiceField(
        queryset=Prefecture.objects.select_related("region"), required=False, label=label
    )


def check_prefecture_in_region(
    form: forms.BaseForm, data: dict[str, Any], region_field: str, prefecture_field: str
) -> None:
    """Mark the prefecture in error when it is not in the region chosen with it."""
    region, prefecture = data.get(region_field), data.get(prefecture_field)
    if region and prefecture and prefecture.region_id != region.pk:
        form.add_error(
            prefecture_field,
            _("La préfecture %(prefecture)s n'est pas dans la région %(region)s.")
            % {"prefecture": prefecture, "region": region},
        )


class ServiceForm(forms.ModelForm):
    """A model form whose values a service saves; the service validates the model."""

    related_field: str  # the many-to-many field the service takes as its own argument

    def _post_clean(self) -> None:
        # Model validation runs in the service, where the embassy is known.
        pass

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop(self.related_field, None)
        return data


class AssociationForm(ServiceForm):
    related_field = "sectors"
    embassy = forms.ModelChoiceField(
        queryset=Embassy.objects.all(),
        required=False,
        label=_("Ambassade"),
        help_text=_("Laissez vide pour l'ambassade dont la juridiction couvre le pays."),
    )
    sectors = forms.ModelMultipleChoiceField(
        queryset=SectorChoice.objects.all(),
        required=False,
        label=_("Secteurs"),
        widget=forms.CheckboxSelectMultiple,
    )
    members_count = forms.IntegerField(
        label=_("Nombre de membres"), min_value=1, max_value=1_000_000
    )
    founded_year = forms.IntegerField(label=_("Année de création"), min_value=1900)
    home_region = region_field(_("Région d'origine"))
    home_prefecture = prefecture_field(_("Préfecture d'origine"))

    class Meta:
        model = Association
        fields = list(ASSOCIATION_FIELDS)

    def clean_founded_year(self) -> int | None:
        year = self.cleaned_data.get("founded_year")
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("L'année de création ne peut pas être dans le futur."))
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        country = data.get("country")
        if country and not data.get("embassy"):
            embassy = embassy_for_country(str(country))
            if embassy is None:
                self.add_error(
                    "embassy",
                    _("Aucune ambassade ne couvre ce pays : choisissez l'ambassade."),
                )
            data["embassy"] = embassy
        check_prefecture_in_region(self, data, "home_region", "home_prefecture")
        return data


class ExpertForm(ServiceForm):
    related_field = "competences"
    competences = forms.ModelMultipleChoiceField(
        queryset=CompetenceDomain.objects.all(),
        label=_("Domaines de compétence"),
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        choices=SpokenLanguage.choices,
        required=False,
        label=_("Langues"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Expert
        fields = [*EXPERT_IDENTITY, *EXPERT_PROFILE]


# --- List filters -------------------------------------------------------------


def _countries() -> list[tuple[str, str]]:
    return [(str(code), str(name)) for code, name in countries]


class AssociationFilterForm(FilterForm):
    status = one_of(_("Statut"), AssociationStatus.choices, _("Tous les statuts"))
    country = one_of(_("Pays"), _countries, _("Tous les pays"))
    embassy = any_of(_("Ambassade"), Embassy.objects.all(), _("Toutes les ambassades"))
    home_region = any_of(_("Région d'origine"), Region.objects.all(), _("Toutes les régions"))
    sector = one_of(_("Secteur"), Sector.choices, _("Tous les secteurs"))


class ExpertFilterForm(FilterForm):
    competence = any_of(
        _("Domaine de compétence"), CompetenceDomain.objects.all(), _("Tous les domaines")
    )
    country = one_of(_("Pays de résidence"), _countries, _("Tous les pays"))
    teaching = forms.BooleanField(label=_("Disponible pour enseigner"), required=False)
    medical = forms.BooleanField(label=_("Disponible pour des missions médicales"), required=False)
