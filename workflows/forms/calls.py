"""A call for proposals and its review grid."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from processes.forms import AmountField
from workflows.forms.rows import RowForm, RowsFormSet
from workflows.models import Call
from workflows.models.calls import EDITABLE_FIELDS


class PercentListField(forms.Field):
    """Tranche plan typed as "40, 40, 20"."""

    widget = forms.TextInput

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[int]:
        text = str(value or "").strip()
        if not text:
            return []
        parts = [p for p in re.split(r"[\s,;/%]+", text) if p]
        plan = []
        for part in parts:
            if not part.isdigit():
                raise ValidationError(
                    _("« %(value)s » n'est pas un pourcentage entier."), params={"value": part}
                )
            plan.append(int(part))
        return plan


class CallForm(forms.ModelForm):
    tranche_plan = PercentListField(
        label=_("Plan des tranches (%)"),
        help_text=_(
            "Pourcentages de la subvention séparés par des virgules, par exemple 40, 40, 20."
        ),
    )
    envelope = AmountField(label=_("Enveloppe (FCFA)"))
    max_grant = AmountField(label=_("Plafond par projet (FCFA)"))

    class Meta:
        model = Call
        fields = list(EDITABLE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            field = cast(forms.DateTimeField, self.fields[name])
            field.widget = forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
            field.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"]
        for name in ("matching_ratio", "max_grant_share", "min_community_share"):
            self.fields[name].localize = True
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
            self.fields[name].widget.is_localized = True
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
        self.fields["max_grant_share"].help_text = _(
            "Subvention ≤ cette part du budget total, entre 0 et 1 (0,5 pour la moitié)."
        )
        self.fields["min_community_share"].help_text = _(
            "Apport de la communauté locale ≥ cette part du budget total, entre 0 et 1."
        )

    def _post_clean(self) -> None:
        # `call_save` validates the model (and keeps `committed` out of the form's reach).
        pass

    def apply_to(self, call: Call) -> Call:
        for name, value in self.cleaned_data.items():
            setattr(call, name, value)
        return call


class CriterionForm(RowForm):
    significant = ("code", "label", "weight")

    label = forms.CharField(label=_("Critère"), max_length=160)
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        required=False,
        help_text=_("Laissez vide pour le déduire du libellé."),
        error_messages={
            "invalid": _("Le code ne prend que des lettres sans accent, chiffres, - et _.")
        },
    )
    weight = forms.DecimalField(
        label=_("Poids"),
        min_value=Decimal(0),
        max_digits=5,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["label"].error_messages["required"] = _("Nommez ce critère.")
        self.fields["weight"].error_messages["required"] = _("Indiquez le poids de ce critère.")

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        if data.get("label") and not data.get("code"):
            data["code"] = slugify(data["label"])[:40] or "critere"
        return data


class BaseCriteriaFormSet(RowsFormSet):
    def clean(self) -> None:
        if any(form.errors for form in self.forms):
            return
        codes = [row["code"] for row in self.filled()]
        if not codes:
            raise ValidationError(_("La grille doit compter au moins un critère."))
        seen: set[str] = set()
        for code in codes:
            if code in seen:
                raise ValidationError(
                    _("Deux critères ont le même code « %(code)s »."), params={"code": code}
                )
            seen.add(code)

    def criteria(self) -> list[tuple[str, str, Decimal]]:
        return [(row["code"], row["label"], row["weight"]) for row in self.filled()]


CriteriaFormSet = forms.formset_factory(
    CriterionForm, formset=BaseCriteriaFormSet, extra=0, max_num=40, absolute_max=40
)


def criteria_formset(data: Any = None, call: Call | None = None) -> BaseCriteriaFormSet:
    if data is not None:
        return cast(BaseCriteriaFormSet, CriteriaFormSet(data, prefix="criteria"))
    rows = (
        [{"code": c.code, "label": c.label, "weight": c.weight} for c in call.criteria.all()]
        if call is not None
        else []
    )
    return cast(BaseCriteriaFormSet, CriteriaFormSet(prefix="criteria", initial=rows or [{}] * 3))
