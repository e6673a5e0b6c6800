"""One CSV row as a registry form: references given as codes, booleans as oui/non."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.forms import AssociationForm, ExpertForm
from registry.importing.columns import fold, quoted
from registry.importing.references import References
from registry.models import (
    CompetenceDomain,
    EducationLevel,
    Embassy,
    Prefecture,
    Region,
    SectorChoice,
)

T = TypeVar("T")


YES = frozenset({"oui", "o", "yes", "y", "1", "vrai", "true", "x"})
NO = frozenset({"non", "n", "no", "0", "faux", "false"})


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[|,;]", value) if part.strip()]


def _lookup(
    table: Mapping[str, T], value: str, message: str | Promise, codes: Iterable[str] = ()
) -> T:
    found = table.get(fold(value, "-"))
    if found is None:
        raise ValidationError(message % {"value": value.strip(), "codes": ", ".join(codes)})
    return found


def _lookup_many(
    table: Mapping[str, T], value: str, message: str | Promise, codes: Iterable[str] = ()
) -> list[T]:
    found: list[T] = []
    unknown: list[str] = []
    for part in _split(value):
        item = table.get(fold(part, "-"))
        if item is None:
            unknown.append(part)
        elif item not in found:
            found.append(item)
    if unknown:
        raise ValidationError(message % {"value": quoted(unknown), "codes": ", ".join(codes)})
    return found


def _country(refs: References, value: str) -> str:
    code = value.strip().upper()
    if code not in refs.countries:
        raise ValidationError(
            _("« %(value)s » n'est pas un code pays ISO valide.") % {"value": value.strip()}
        )
    return code


def _embassy(refs: References, value: str, country: str | None) -> Embassy | None:
    if value.strip():
        return _lookup(
            refs.embassies,
            value,
            gettext_lazy("« %(value)s » n'est pas un code d'ambassade connu (codes : %(codes)s)."),
            refs.embassy_codes,
        )
    return refs.embassy_by_country.get(country) if country else None


def _yes_no(value: str) -> bool:
    key = fold(value, "")
    if not key or key in NO:
        return False
    if key in YES:
        return True
    raise ValidationError(
        _("« %(value)s » n'est pas une valeur reconnue : écrivez oui ou non.")
        % {"value": value.strip()}
    )


def _model_validation(form: forms.ModelForm, references: Iterable[str]) -> None:
    """Run the model's own validation on the cleaned values, as the service will.

    Reference fields and the country are left out: they were resolved from the
    preloaded tables, and checking them again costs a query per cell (or a scan
    of every country). Uniqueness is checked per file (duplicates), not per row.
    """
    instance, data = form.instance, form.cleaned_data
    names = {f.name for f in instance._meta.concrete_fields}
    for name, value in data.items():
        if name in names:
            setattr(instance, name, value)
    exclude = (names - set(data)) | {"country", *references}
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target, message)


class _CodedRow:
    """What both row forms clean alike: the country, its embassy, the home region."""

    refs: References
    cleaned_data: dict[str, Any]

    def clean_country(self) -> str:
        return _country(self.refs, self.cleaned_data["country"])

    def clean_embassy(self) -> Embassy | None:
        # An empty cell takes the embassy covering the country from the preloaded
        # jurisdictions; the form's clean reports a country no embassy covers.
        return _embassy(self.refs, self.cleaned_data["embassy"], self.cleaned_data.get("country"))

    def clean_home_region(self) -> Region | None:
        value = self.cleaned_data["home_region"]
        if not value:
            return None
        return _lookup(
            self.refs.regions,
            value,
            gettext_lazy("« %(value)s » n'est pas une région du Togo (codes : %(codes)s)."),
            self.refs.region_codes,
        )


class AssociationRowForm(_CodedRow, AssociationForm):
    """An association as one CSV row: references are codes, not choices."""

    country = forms.CharField(max_length=20)
    embassy = forms.CharField(required=False)  # type: ignore[assignment]
    sectors = forms.CharField(required=False)  # type: ignore[assignment]
    home_region = forms.CharField()  # type: ignore[assignment]
    home_prefecture = forms.CharField(required=False)  # type: ignore[assignment]

    def __init__(self, data: Mapping[str, str], *, refs: References) -> None:
        super().__init__(data)
        self.refs = refs

    def clean_sectors(self) -> list[SectorChoice]:
        return _lookup_many(
            self.refs.sectors,
            self.cleaned_data["sectors"],
            gettext_lazy("secteur inconnu : %(value)s (codes : %(codes)s)."),
            self.refs.sector_codes,
        )

    def clean_home_prefecture(self) -> Prefecture | None:
        value = self.cleaned_data["home_prefecture"]
        if not value:
            return None
        return _lookup(
            self.refs.prefectures,
            value,
            gettext_lazy("« %(value)s » n'est pas une préfecture du Togo connue."),
        )

    def _post_clean(self) -> None:
        _model_validation(self, ("embassy", "home_region", "home_prefecture", "created_by"))

    def related(self) -> list[SectorChoice]:
        return list(self.cleaned_data.get("sectors") or [])


class ExpertRowForm(_CodedRow, ExpertForm):
    """An expert as one CSV row: references are codes, booleans are oui/non."""

    country = forms.CharField(max_length=20)
    embassy = forms.CharField(required=False)
    education_level = forms.CharField()
    competences = forms.CharField()  # type: ignore[assignment]
    languages = forms.CharField(required=False)  # type: ignore[assignment]
    available_teaching = forms.CharField(required=False)
    available_medical = forms.CharField(required=False)
    home_region = forms.CharField(required=False)
    consent_listed = forms.CharField(required=False)

    def __init__(self, data: Mapping[str, str], *, refs: References) -> None:
        super().__init__(data)
        self.refs = refs

    def clean_education_level(self) -> str:
        return _lookup(
            self.refs.education_levels,
            self.cleaned_data["education_level"],
            gettext_lazy("« %(value)s » n'est pas un niveau d'études reconnu (codes : %(codes)s)."),
            EducationLevel.values,
        )

    def clean_competences(self) -> list[CompetenceDomain]:
        return _lookup_many(
            self.refs.competences,
            self.cleaned_data["competences"],
            gettext_lazy("domaine de compétence inconnu : %(value)s."),
        )

    def clean_languages(self) -> list[str]:
        return _lookup_many(
            self.refs.languages,
            self.cleaned_data["languages"],
            gettext_lazy("langue inconnue : %(value)s."),
        )

    def clean_available_teaching(self) -> bool:
        return _yes_no(self.cleaned_data["available_teaching"])

    def clean_available_medical(self) -> bool:
        return _yes_no(self.cleaned_data["available_medical"])

    def clean_consent_listed(self) -> bool:
        return _yes_no(self.cleaned_data["consent_listed"])

    def _post_clean(self) -> None:
        _model_validation(self, ("embassy", "home_region", "user", "created_by"))

    def related(self) -> list[CompetenceDomain]:
        return list(self.cleaned_data.get("competences") or [])


class _SharedFields(dict[str, forms.Field]):
    """Fields every row form of a kind shares instead of deep-copying them per row.

    A form copies its fields so that one instance may change them; row forms
    never do, and the copy was most of the cost of validating a large file.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> _SharedFields:
        return self


for _row_form in (AssociationRowForm, ExpertRowForm):
    _row_form.base_fields = _SharedFields(_row_form.base_fields)
