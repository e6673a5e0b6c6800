"""The public verification form: a code, or the PDF itself."""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Code de vérification"),
        required=False,
        max_length=40,
        help_text=_("Imprimé au bas de chaque page, par exemple K7QF2-M9XAB."),
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    file = forms.FileField(
        label=_("Ou le fichier PDF"),
        required=False,
        help_text=_("Le fichier est lu pour calculer son empreinte, puis oublié."),
        widget=forms.FileInput(attrs={"class": "form-control", "accept": "application/pdf"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        limit = settings.FILE_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Le fichier fait %(size)s ; la limite est de %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        upload.seek(0)
        if not upload.read(5).startswith(b"%PDF-"):
            raise forms.ValidationError(_("Ce fichier n'est pas un PDF."))
        upload.seek(0)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not cleaned.get("code", "").strip() and not cleaned.get("file"):
            raise forms.ValidationError(
                _("Saisissez le code de vérification ou choisissez le fichier PDF.")
            )
        return cleaned

    def sha256(self) -> str | None:
        """The uploaded file's SHA-256, read in chunks and never stored."""
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        return digest.hexdigest()
