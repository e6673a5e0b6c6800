"""The form of an online service (« Démarches en ligne »), kept by the officers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from difficulties.choices import Category
from difficulties.models import OnlineService
from processes.forms import style
from registry.forms import ServiceForm


class OnlineServiceForm(ServiceForm):
    related_field = ""
    url = forms.URLField(
        label=_("Lien"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Un lien sûr, commençant par https://."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Catégories de difficulté"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Le formulaire de signalement propose ce service pour ces catégories."),
    )

    class Meta:
        model = OnlineService
        fields = ["title", "url", "description", "categories", "position", "active"]
        help_texts = {
            "active": _("Décochez pour retirer le service de la page publique sans le perdre."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["url"].widget.attrs["placeholder"] = "https://"
        style(self, errors=False, textarea_rows=3)

    def clean_url(self) -> str:
        url = str(self.cleaned_data.get("url") or "")
        if url and not url.lower().startswith("https://"):
            raise forms.ValidationError(_("Donnez un lien sûr, commençant par https://."))
        return url
