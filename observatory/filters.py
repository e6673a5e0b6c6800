"""The observatory's filters (call, year, region, embassy), read from a query string by
the dashboard, the stats API and nothing else; and what each one narrows.

A value that names nothing (an unknown call, a year out of range) is refused with a
message in words: the API answers 400 with it, the page shows it by the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from missions.models import Mission
from registry.models import Embassy, Jurisdiction, Region
from workflows.models import Call

FIRST_YEAR, LAST_YEAR = 2000, 2100


class StatsFilterForm(forms.Form):
    call = forms.ModelChoiceField(
        queryset=Call.objects.order_by("-year", "title"),
        label=_("Appel à projets"),
        required=False,
        empty_label=_("Tous les appels"),
    )
    year = forms.IntegerField(
        label=_("Année"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        to_field_name="code",
        label=_("Région"),
        required=False,
        empty_label=_("Toutes les régions"),
    )
    embassy = forms.ModelChoiceField(
        queryset=Embassy.objects.all(),
        to_field_name="code",
        label=_("Ambassade"),
        required=False,
        empty_label=_("Toutes les ambassades"),
    )


@dataclass(frozen=True)
class StatsFilters:
    call: Call | None = None
    year: int | None = None
    region: Region | None = None
    embassy: Embassy | None = None

    @classmethod
    def from_form(cls, form: StatsFilterForm) -> StatsFilters:
        """The filters of a checked form (`form.is_valid()` already called): those given
        a valid value; a value refused leaves its filter out."""
        data: dict[str, Any] = form.cleaned_data
        return cls(
            call=data.get("call"),
            year=data.get("year"),
            region=data.get("region"),
            embassy=data.get("embassy"),
        )

    def described(self) -> dict[str, Any]:
        """The filters given, as plain values (for an export's history row)."""
        return {
            name: value
            for name, value in {
                "call": self.call.pk if self.call else None,
                "year": self.year,
                "region": self.region.code if self.region else None,
                "embassy": self.embassy.code if self.embassy else None,
            }.items()
            if value is not None
        }

    # What each filter narrows, per model counted.

    def for_proposals(self) -> Q:
        q = Q()
        if self.call is not None:
            q &= Q(call_id=self.call.pk)
        if self.year is not None:
            q &= Q(call__year=self.year)
        if self.region is not None:
            q &= Q(region_id=self.region.pk)
        if self.embassy is not None:
            q &= Q(association__embassy_id=self.embassy.pk)
        return q

    def for_cases(self) -> Q:
        """A case's year is the year of its return; its embassy, the one whose
        jurisdiction covers the country it returned from."""
        q = Q()
        if self.year is not None:
            q &= Q(return_date__year=self.year)
        if self.region is not None:
            q &= Q(region_id=self.region.pk)
        if self.embassy is not None:
            countries = Jurisdiction.objects.filter(embassy_id=self.embassy.pk).values("country")
            q &= Q(returned_from__in=countries)
        return q

    def for_associations(self) -> Q:
        q = Q()
        if self.region is not None:
            q &= Q(home_region_id=self.region.pk)
        if self.embassy is not None:
            q &= Q(embassy_id=self.embassy.pk)
        return q

    def for_experts(self) -> Q:
        q = Q()
        if self.region is not None:
            q &= Q(home_region_id=self.region.pk)
        if self.embassy is not None:
            q &= Q(embassy_id=self.embassy.pk)
        return q

    def for_difficulties(self) -> Q:
        """A difficulty's year is the year it was registered; its embassy, the competent
        one (of the reporter's country). It happens abroad: no region of Togo."""
        q = Q()
        if self.year is not None:
            q &= Q(reported_at__year=self.year)
        if self.embassy is not None:
            q &= Q(embassy_id=self.embassy.pk)
        return q

    def for_missions(self) -> Q:
        """A mission's year and region are its need's (the year it starts); its
        embassy, its expert's."""
        q = Q()
        if self.year is not None:
            q &= Q(need__starts_on__year=self.year)
        if self.region is not None:
            q &= Q(need__region_id=self.region.pk)
        if self.embassy is not None:
            q &= Q(expert__embassy_id=self.embassy.pk)
        return q

    def for_needs(self) -> Q:
        """A need's year is the year it starts; its embassy, that of an expert who
        applied to it or was invited."""
        q = Q()
        if self.year is not None:
            q &= Q(starts_on__year=self.year)
        if self.region is not None:
            q &= Q(region_id=self.region.pk)
        if self.embassy is not None:
            experts = Mission.objects.filter(expert__embassy_id=self.embassy.pk)
            q &= Q(pk__in=experts.values("need_id"))
        return q
