"""The forms of the needs' pages: the need a host fills in, the list's filters, an
expert's application and the officer's invitation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from missions.choices import HostProvision, MinistryCover, MissionKind, NeedStatus
from missions.models import HostInstitution, MissionNeed
from missions.models.base import MAX_VOLUNTEERS
from missions.services.needs import NEED_FIELDS
from processes.forms import DayField, FilterForm, any_of, blank_first, one_of
from processes.table import COMMENT_MAX_LENGTH
from registry.forms import ServiceForm, check_prefecture_in_region, prefecture_field, region_field
from registry.models import CompetenceDomain, Expert, Prefecture, Region
from registry.models.reference import SpokenLanguage
from registry.selectors import prefecture_choices


def follow_region(form: forms.BaseForm) -> None:
    """The form's prefecture select offers the chosen region's prefectures (keeping the
    one chosen) and follows the region when it changes (htmx)."""
    shown = prefecture_choices(form["region"].value(), form["prefecture"].value())
    prefecture: Any = form.fields["prefecture"]
    prefecture.queryset = shown if shown is not None else Prefecture.objects.none()
    form.fields["region"].widget.attrs.update(
        {
            "hx-get": reverse("registry:prefecture_options"),
            "hx-target": "#" + form["prefecture"].id_for_label,
            "hx-trigger": "change",
        }
    )


def _codes(label: Any, choices: Any, help_text: Any = "") -> forms.MultipleChoiceField:
    """Some codes of `choices`, ticked in a list of boxes."""
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )


class NeedForm(ServiceForm):
    """Every field of a need; `institutions`: the hosts the user acts for, offered as a
    choice when it acts for more than one (a new need only)."""

    related_field = "domains"
    host = forms.ModelChoiceField(
        queryset=HostInstitution.objects.none(), label=_("Établissement d'accueil")
    )
    kind = forms.ChoiceField(label=_("Type de mission"), choices=blank_first(MissionKind.choices))
    domains = forms.ModelMultipleChoiceField(
        queryset=CompetenceDomain.objects.all(),
        label=_("Domaines de compétence"),
        help_text=_("Seuls les experts qui ont l'un de ces domaines peuvent candidater."),
        widget=forms.CheckboxSelectMultiple,
    )
    region = region_field(_("Région"))
    prefecture = prefecture_field(_("Préfecture"))
    starts_on = DayField(label=_("Début"))
    ends_on = DayField(label=_("Fin"))
    languages = _codes(_("Langues de travail"), SpokenLanguage.choices)
    volunteers = forms.IntegerField(
        label=_("Nombre de volontaires"), min_value=1, max_value=MAX_VOLUNTEERS, initial=1
    )
    host_provides = _codes(_("Pris en charge par l'établissement"), HostProvision.choices)
    ministry_covers = _codes(_("Pris en charge par le ministère"), MinistryCover.choices)

    class Meta:
        model = MissionNeed
        fields = [*NEED_FIELDS, "domains"]
        widgets = {"description": forms.Textarea}

    def __init__(
        self, *args: Any, institutions: list[HostInstitution] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].required = True
        if institutions is None or len(institutions) < 2:
            del self.fields["host"]
            self.only_host = institutions[0] if institutions else None
        else:
            host = self.fields["host"]
            host.queryset = HostInstitution.objects.filter(  # type: ignore[attr-defined]
                pk__in=[i.pk for i in institutions]
            )
            self.only_host = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        check_prefecture_in_region(self, data, "region", "prefecture")
        return data

    def chosen_host(self) -> HostInstitution | None:
        return self.cleaned_data.get("host") or self.only_host

    def service_fields(self) -> dict[str, Any]:
        data = super().service_fields()
        data.pop("host", None)
        return data


class NeedFilterForm(FilterForm):
    status = one_of(_("Statut"), NeedStatus.choices, _("Tous les statuts"))
    kind = one_of(_("Type de mission"), MissionKind.choices, _("Tous les types"))
    region = any_of(_("Région"), Region.objects.all(), _("Toutes les régions"))
    host = any_of(
        _("Établissement d'accueil"), HostInstitution.objects.all(), _("Tous les établissements")
    )


class ApplyForm(forms.Form):
    motivation = forms.CharField(
        label=_("Votre motivation"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        help_text=_(
            "Ce que vous apporteriez à cette mission : l'établissement la lit avec votre profil."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class InviteForm(forms.Form):
    """The expert the officer invites, from the candidates' page."""

    expert = forms.ModelChoiceField(queryset=Expert.objects.all(), widget=forms.HiddenInput)
    comment = forms.CharField(required=False, max_length=COMMENT_MAX_LENGTH)
