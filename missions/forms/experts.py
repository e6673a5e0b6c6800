"""What an expert types on its own pages: an availability window, a professional licence
with its scan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from processes.forms import DayField, blank_first, style


class AvailabilityForm(forms.Form):
    starts_on = DayField(label=_("Disponible du"))
    ends_on = DayField(label=_("au"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self, errors=False)


class LicenceForm(forms.Form):
    """A professional licence and the scan of it, filed together."""

    country = forms.ChoiceField(label=_("Pays de délivrance"))
    number = forms.CharField(label=_("Numéro de l'autorisation"), max_length=60)
    profession = forms.CharField(label=_("Profession"), max_length=120)
    file = forms.FileField(
        label=_("Scan de l'autorisation (PDF, JPEG ou PNG)"),
        error_messages={
            "required": _("Joignez le scan de l'autorisation."),
            "empty": _("Le fichier est vide."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = blank_first(countries)  # type: ignore[attr-defined]
        self.fields["file"].widget.attrs["accept"] = "application/pdf,image/jpeg,image/png"
        style(self, errors=False)
