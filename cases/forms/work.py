"""Forms of the work on a case: plan items, referrals, follow-up visits."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    AssistanceKind,
    Dimension,
    FollowUp,
    PlanItem,
    Referral,
    SurveyIndicator,
)
from processes.forms import AmountField, DayField, blank_first, radio_choice, style
from processes.table import text_limit

# --- Plan -------------------------------------------------------------------------


class PlanItemForm(forms.ModelForm):
    dimension = forms.ChoiceField(label=_("Dimension"), choices=blank_first(Dimension.choices))
    kind = forms.ChoiceField(
        label=_("Type d'assistance"), choices=blank_first(AssistanceKind.choices)
    )
    budget = AmountField(label=_("Budget (FCFA)"))
    target_date = DayField(label=_("Échéance"))

    class Meta:
        model = PlanItem
        fields = ["dimension", "kind", "provider", "budget", "target_date", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self) -> None:
        pass

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


# --- Referrals --------------------------------------------------------------------


class ReferralForm(forms.ModelForm):
    service = forms.ChoiceField(label=_("Service"), choices=blank_first(AssistanceKind.choices))
    due_date = DayField(
        label=_("Échéance"), help_text=_("Passé ce jour, l'orientation est en retard.")
    )

    class Meta:
        model = Referral
        fields = ["service", "provider", "due_date", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self) -> None:
        pass

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


# --- Follow-ups -------------------------------------------------------------------

SCORE_CHOICES = [
    ("0", "0"),
    ("0.25", "0,25"),
    ("0.5", "0,5"),
    ("0.75", "0,75"),
    ("1", "1"),
]


class FollowUpForm(forms.Form):
    """A monitoring visit: the date, one 0–1 answer per active indicator, notes."""

    visit_date = DayField(label=_("Date de la visite"), initial=timezone.localdate)
    notes = forms.CharField(
        label=_("Notes de la visite"),
        required=False,
        max_length=text_limit(FollowUp, "notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, indicators: Sequence[SurveyIndicator], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self.fields["visit_date"].widget.attrs["max"] = timezone.localdate().isoformat()
        for indicator in self.indicators:
            self.fields[self.answer_name(indicator.code)] = radio_choice(
                indicator.label, SCORE_CHOICES
            )
        style(self)

    @staticmethod
    def answer_name(code: str) -> str:
        return f"answer_{code}"

    def groups(self) -> list[dict[str, Any]]:
        grouped = []
        for dimension in Dimension:
            fields = [
                (indicator, self[self.answer_name(indicator.code)])
                for indicator in self.indicators
                if indicator.dimension == dimension.value
            ]
            if fields:
                grouped.append({"label": dimension.label, "fields": fields})
        return grouped

    def clean_visit_date(self) -> Any:
        day = self.cleaned_data.get("visit_date")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("La date de la visite ne peut pas être dans le futur."))
        return day

    def answers(self) -> dict[str, Decimal]:
        return {
            indicator.code: Decimal(self.cleaned_data[self.answer_name(indicator.code)])
            for indicator in self.indicators
            if self.cleaned_data.get(self.answer_name(indicator.code))
        }


# --- Personal data ------------------------------------------------------------------


class EraseForm(forms.Form):
    """A supervisor's erasure of a returnee's personal data: why, and a confirmation."""

    reason = forms.CharField(
        label=_("Motif de l'effacement"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "La demande reçue (date, forme). Ne recopiez aucune donnée personnelle : "
            "ce motif reste dans l'historique."
        ),
    )
    confirm = forms.BooleanField(
        label=_(
            "Je confirme l'effacement : l'identité, les coordonnées, les notes et les pièces "
            "de cette personne seront supprimées définitivement."
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].marked = True  # type: ignore[attr-defined]
