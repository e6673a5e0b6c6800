"""The form of a piece attached to a case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import AttachmentKind
from processes.forms import blank_first, style

ATTACHMENT_KINDS = [
    (AttachmentKind.IDENTITY.value, AttachmentKind.IDENTITY.label),
    (AttachmentKind.OTHER.value, AttachmentKind.OTHER.label),
]


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de pièce"), choices=blank_first(ATTACHMENT_KINDS))
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
