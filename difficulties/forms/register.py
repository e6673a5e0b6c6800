"""The register's forms: its filters, a report recorded on someone's behalf, and an
administration kept by the officers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.types import AnyUser
from difficulties import access
from difficulties.choices import Category, DifficultyStatus
from difficulties.models import Administration, Difficulty
from difficulties.models.difficulties import PHONE_MAX_LENGTH
from processes.forms import FilterForm, any_of, blank_first, one_of, style
from registry.access import focal_embassies
from registry.models import Embassy, Jurisdiction


class DifficultyFilterForm(FilterForm):
    """Category, country, embassy, state (« à confirmer » among them), « en retard »,
    and the tracking code (`q`)."""

    category = one_of(_("Catégorie"), Category.choices, _("Toutes les catégories"))
    country = one_of(_("Pays de résidence"), lambda: list(countries), _("Tous les pays"))
    embassy = any_of(_("Ambassade"), Embassy.objects.all(), _("Toutes les ambassades"))
    status = one_of(_("Statut"), DifficultyStatus.choices, _("Tous les signalements enregistrés"))
    overdue = forms.BooleanField(label=_("En retard seulement"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Code de suivi")
        style(self, errors=False)


def country_choices(user: AnyUser) -> list[tuple[str, str]]:
    """The countries `user` records reports for: its jurisdiction's, every one for an
    officer."""
    if access.is_officer(user):
        return list(countries)
    codes = set(
        Jurisdiction.objects.filter(embassy__in=focal_embassies(user)).values_list(
            "country", flat=True
        )
    )
    return [(code, name) for code, name in countries if code in codes]


class RecordForm(forms.Form):
    """A report recorded by a focal point or an officer for someone (at the embassy, on
    the phone): the public form's fields, the pieces added on the report's page."""

    category = forms.ChoiceField(label=_("Catégorie"), choices=blank_first(Category.choices))
    country = forms.ChoiceField(label=_("Pays de résidence"))
    administration = forms.ModelChoiceField(
        label=_("Administration concernée"),
        queryset=Administration.objects.filter(active=True),
        to_field_name="code",
        required=False,
        help_text=_("Laissez vide si la personne ne sait pas."),
    )
    description = forms.CharField(
        label=_("Description de la difficulté"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=Difficulty._meta.get_field("description").max_length,
    )
    email = forms.EmailField(label=_("Adresse e-mail de la personne"), required=False)
    phone = forms.CharField(
        label=_("Téléphone de la personne"), required=False, max_length=PHONE_MAX_LENGTH
    )
    consent = forms.BooleanField(
        label=_("La personne accepte d'être contactée"),
        required=False,
        help_text=_("Sans son accord, personne ne peut lui répondre."),
    )
    language = forms.ChoiceField(
        label=_("Langue de la personne"),
        choices=settings.LANGUAGES,
        initial="fr",
        required=False,
        help_text=_("Les messages envoyés à la personne sont écrits dans cette langue."),
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        country.choices = blank_first(country_choices(user))  # type: ignore[attr-defined]
        self.fields["email"].help_text = _(
            "Une adresse e-mail ou un numéro de téléphone, pour la réponse."
        )

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        administration = data.pop("administration")
        data["administration"] = administration.code if administration else ""
        return data


class AdministrationForm(forms.ModelForm):
    """An administration a report concerns or is referred to."""

    class Meta:
        model = Administration
        fields = ["name", "code", "active"]
        help_texts = {
            "code": _("Lettres minuscules, chiffres et tirets (par exemple « etat-civil »)."),
            "active": _("Décochée : l'administration n'est plus proposée pour les signalements."),
        }

    def _post_clean(self) -> None:
        # The service validates the model.
        pass

    def service_fields(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
