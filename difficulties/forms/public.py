"""The public form of a difficulty, the tracking code's lookup and the reporter's word
on an answer. The rules are the services' (difficulties.services): these forms only
read what was typed and carry the refusals back to their fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from difficulties.access import MAX_PUBLIC_PIECES
from difficulties.choices import Category
from difficulties.models import DESCRIPTION_MIN_LENGTH, NOTE_MAX_LENGTH, Administration
from difficulties.models.difficulties import PHONE_MAX_LENGTH
from difficulties.services.reporting import REPORT_FIELDS
from processes.forms import blank_first, style
from processes.table import COMMENT_MAX_LENGTH

# The honeypot: a field people never see (hidden, out of the tab order), named like a
# real one so that a robot fills it.
HONEYPOT = "website"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PiecesField(forms.FileField):
    """Several files in one input: the list of those sent (checked by the service)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        single = super().clean
        return [single(one, initial) for one in files]


def _countries() -> list[tuple[str, str]]:
    return blank_first([(str(code), str(name)) for code, name in countries])


def _administrations() -> list[tuple[str, Any]]:
    active = Administration.objects.filter(active=True).order_by("name")
    return [("", _("Je ne sais pas")), *((a.code, a.name) for a in active)]


class ReportForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Votre difficulté concerne"), choices=blank_first(Category.choices)
    )
    country = forms.ChoiceField(
        label=_("Votre pays de résidence"),
        choices=_countries,
        help_text=_("Il désigne l'ambassade qui traitera votre signalement."),
    )
    administration = forms.ChoiceField(
        label=_("Administration concernée"),
        choices=_administrations,
        required=False,
        help_text=_("Facultatif : l'ambassade la précisera si vous ne la connaissez pas."),
    )
    description = forms.CharField(
        label=_("Décrivez votre difficulté"),
        min_length=DESCRIPTION_MIN_LENGTH,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea,
        help_text=_(
            "Ce qui s'est passé, depuis quand, les démarches déjà faites. "
            "%(minimum)s caractères au moins."
        ),
    )
    pieces = PiecesField(
        label=_("Pièces jointes"),
        required=False,
        help_text=_(
            "Facultatif : %(count)s fichiers au plus, PDF, JPEG ou PNG, %(size)s au total."
        ),
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        required=False,
        max_length=254,
        help_text=_("Un lien de confirmation vous y sera envoyé, puis la réponse."),
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        required=False,
        max_length=PHONE_MAX_LENGTH,
        help_text=_("Sans adresse e-mail, l'ambassade vous appellera pour confirmer."),
    )
    consent = forms.BooleanField(
        label=_("J'accepte d'être contacté(e) au sujet de ce signalement."),
        required=False,
    )
    website = forms.CharField(
        label=_("Site web"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        description = self.fields["description"]
        description.help_text = str(description.help_text) % {"minimum": DESCRIPTION_MIN_LENGTH}
        pieces = self.fields["pieces"]
        pieces.help_text = str(pieces.help_text) % {
            "count": MAX_PUBLIC_PIECES,
            "size": filesizeformat(settings.FILE_UPLOAD_MAX_BYTES),
        }
        pieces.widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["phone"].widget.input_type = "tel"
        # Styled before it is validated, so that the help says the limits on a refusal too.
        style(self, errors=False, textarea_rows=6)

    @property
    def trapped(self) -> bool:
        """A robot filled the field people never see."""
        return bool(str(self.data.get(HONEYPOT, "")).strip())

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in REPORT_FIELDS}


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Code de suivi"),
        max_length=40,
        help_text=_("Le code reçu à l'envoi du signalement, par exemple K7M3Q-9XR4T."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        attrs = self.fields["code"].widget.attrs
        attrs.update({"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})


class FeedbackForm(forms.Form):
    resolved = forms.TypedChoiceField(
        label=_("Cette réponse a-t-elle résolu votre difficulté ?"),
        choices=[("yes", _("Oui")), ("no", _("Non"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Votre avis (facultatif)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self, errors=False, textarea_rows=3)
