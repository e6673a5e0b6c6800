"""Forms of the intake, the assignment and the list's filters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.types import AuthUser
from cases.models import Case, CaseStatus, Vulnerability
from cases.services import INTAKE_FIELDS
from processes.forms import DayField, FilterForm, any_of, blank_first, one_of, style
from processes.table import text_limit
from registry.forms import check_prefecture_in_region, prefecture_field, region_field
from registry.models import Prefecture, Region
from registry.selectors import prefecture_choices


class CaseForm(forms.ModelForm):
    """The intake of a returnee: identity, return, settlement, consent, needs."""

    sex = forms.ChoiceField(
        label=_("Sexe"),
        choices=Case._meta.get_field("sex").choices,
        widget=forms.RadioSelect,
    )
    birth_year = forms.IntegerField(
        label=_("Année de naissance"),
        error_messages={"invalid": _("Indiquez une année en chiffres, par exemple 1994.")},
    )
    return_date = DayField(label=_("Date de retour au Togo"))
    region = region_field(_("Région d'installation"))
    prefecture = prefecture_field(_("Préfecture d'installation"))
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnérabilités"),
        choices=Vulnerability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Information sensible : seuls le travailleur social chargé du dossier et les "
            "superviseurs la voient."
        ),
    )
    health_notes = forms.CharField(
        label=_("Notes de santé"),
        required=False,
        max_length=text_limit(Case, "health_notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Information sensible, visible du seul travailleur social et des superviseurs."
        ),
    )
    consent_given = forms.BooleanField(
        label=_("La personne consent au traitement de ses données par la cellule"),
        required=False,
        help_text=_(
            "Expliquez-lui, dans une langue qu'elle comprend, que ses données (identité, "
            "retour, besoins, santé) sont conservées par la cellule d'information et de "
            "coordination pour organiser son accompagnement, qu'elles ne sont vues que par "
            "son travailleur social et les superviseurs, et qu'elle peut refuser. Sans "
            "consentement, le dossier reste enregistré mais ne peut pas être évalué."
        ),
    )
    caseworker = forms.ChoiceField(
        label=_("Travailleur social"),
        required=False,
        help_text=_("Laissez vide pour attribuer le dossier plus tard."),
    )

    class Meta:
        model = Case
        fields = list(INTAKE_FIELDS)
        widgets = {"immediate_needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self,
        *args: Any,
        caseworkers: Sequence[AuthUser] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["birth_year"].widget.attrs.update({"min": 1900, "max": this_year})
        self.fields["return_date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})
        if caseworkers is None:
            del self.fields["caseworker"]
        else:
            self.fields["caseworker"].choices = blank_first(  # type: ignore[attr-defined]
                ((u.get_username(), u.get_full_name() or u.get_username()) for u in caseworkers),
                _("— Non attribué —"),
            )
        self.consent_recorded = bool(self.instance.pk and self.instance.consent_given)
        if self.consent_recorded:
            # Once recorded, consent is not withdrawn from this form (closing the case does).
            self.fields["consent_given"].disabled = True
        self._narrow_prefectures()

    def _narrow_prefectures(self) -> None:
        """Offer only the prefectures of the chosen region (and keep what was typed)."""
        field = self.fields["prefecture"]
        assert isinstance(field, forms.ModelChoiceField)
        shown = prefecture_choices(self["region"].value(), self["prefecture"].value())
        field.queryset = shown if shown is not None else Prefecture.objects.none()

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and not 1900 <= year <= this_year:
            raise forms.ValidationError(
                _("L'année de naissance doit être comprise entre 1900 et %(year)s.")
                % {"year": this_year}
            )
        return year

    def clean_return_date(self) -> Any:
        day = self.cleaned_data.get("return_date")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("La date de retour ne peut pas être dans le futur."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        check_prefecture_in_region(self, data, "region", "prefecture")
        return data

    def _post_clean(self) -> None:
        # Model validation runs in the service, on a locked copy of the case.
        pass

    def service_fields(self) -> dict[str, Any]:
        """The intake fields for `case_create` / `case_update`."""
        fields = {
            name: self.cleaned_data[name]
            for name in INTAKE_FIELDS
            if name in self.cleaned_data and name in self.fields
        }
        if self.consent_recorded:
            fields.pop("consent_given", None)
        fields["vulnerabilities"] = list(fields.get("vulnerabilities") or [])
        return fields


class AssignForm(forms.Form):
    caseworker = forms.ChoiceField(label=_("Travailleur social"))

    def __init__(self, caseworkers: Sequence[AuthUser], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = blank_first(  # type: ignore[attr-defined]
            (u.get_username(), u.get_full_name() or u.get_username()) for u in caseworkers
        )
        self.fields["caseworker"].error_messages["required"] = _(
            "Choisissez le travailleur social."
        )
        style(self)


class CaseFilterForm(FilterForm):
    status = one_of(_("Statut"), CaseStatus.choices, _("Tous les statuts"))
    region = any_of(_("Région"), Region.objects.all(), _("Toutes les régions"))
    caseworker = forms.ChoiceField(label=_("Travailleur social"), required=False)
    overdue = forms.BooleanField(label=_("Orientations en retard seulement"), required=False)

    def __init__(
        self, *args: Any, caseworkers: Sequence[AuthUser] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if caseworkers is None:
            del self.fields["caseworker"]
        else:
            self.fields["caseworker"].choices = [  # type: ignore[attr-defined]
                ("", _("Tous")),
                ("none", _("Non attribués")),
                *((u.get_username(), u.get_full_name() or u.get_username()) for u in caseworkers),
            ]
        style(self)
