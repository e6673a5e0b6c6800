"""Validators the processes' models share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


@deconstructible
class CodeList:
    """A validator of a JSON list of the codes of the choices at `choices` (a dotted
    path), each at most once."""

    def __init__(self, choices: str) -> None:
        self.choices = choices

    def __call__(self, value: Any) -> None:
        codes = set(import_string(self.choices).values)
        if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
            raise ValidationError(_("Donnez une liste de codes."))
        unknown = sorted(set(value) - codes)
        if unknown:
            raise ValidationError(_("Code inconnu : %(codes)s.") % {"codes": ", ".join(unknown)})
        if len(set(value)) != len(value):
            raise ValidationError(_("Chaque code ne peut figurer qu'une fois."))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CodeList) and other.choices == self.choices

    def __hash__(self) -> int:
        return hash(self.choices)
