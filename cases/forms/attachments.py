"""The form of a piece attached to a case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import access
from documents.models import attachment_kind_choices
from processes.forms import blank_first, style


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de pièce"),
        choices=blank_first(attachment_kind_choices(access.ATTACHMENT_KINDS)),
    )
    file = forms.FileField(
        label=_("Fichier (PDF, JPEG ou PNG)"),
        error_messages={
            "required": _("Choisissez le fichier à joindre."),
            "empty": _("Le fichier est vide."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = _("Choisissez le type de pièce.")
        self.fields["file"].widget.attrs["accept"] = "application/pdf,image/jpeg,image/png"
        style(self)
