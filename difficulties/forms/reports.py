"""Making a quarter's report: a year and a quarter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from difficulties.choices import Quarter


class QuarterlyReportForm(forms.Form):
    year = forms.IntegerField(
        label=_("Année"),
        error_messages={
            "required": _("Indiquez l'année du rapport."),
            "invalid": _("L'année s'écrit en chiffres, par exemple 2026."),
        },
    )
    quarter = forms.TypedChoiceField(
        label=_("Trimestre"),
        choices=Quarter.choices,
        coerce=int,
        error_messages={
            "required": _("Choisissez le trimestre du rapport."),
            "invalid_choice": _("Choisissez un trimestre de 1 à 4."),
        },
    )
