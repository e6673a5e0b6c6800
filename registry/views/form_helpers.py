"""How the registry's pages render their forms and show a service's refusals."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def style(form: forms.BaseForm) -> forms.BaseForm:
    """Give widgets their Bootstrap classes, marking fields in error."""
    for name, form_field in form.fields.items():
        widget = form_field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if form.is_bound and name in form.errors:
            css += " is-invalid"
        widget.attrs["class"] = css
        if isinstance(widget, forms.Textarea):
            widget.attrs["rows"] = 4
    return form


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put the service's model validation errors on the fields they name."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        # Errors on fields the form does not show (or on the whole object) go on top.
        form.add_error(name if name in form.fields else None, errors)
