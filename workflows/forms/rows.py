"""Tables the user extends in the browser: one form per row, blank rows skipped."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from processes.forms import AmountField, style


def parse_amount(value: Any) -> int | None:
    """The amount typed in a field, or None when it is blank or not an amount."""
    try:
        return AmountField(required=False).clean(value)
    except ValidationError:
        return None


class RowForm(forms.Form):
    """One row of a table the user can extend; a row left blank is skipped."""

    significant: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The formset's empty row (the browser's template for new rows) is styled too.
        style(self, errors=False)

    def has_changed(self) -> bool:
        # Selects always carry a value: a row counts once something was typed in it.
        return any(
            str(self.data.get(self.add_prefix(name), "") or "").strip() for name in self.significant
        )


class RowsFormSet(forms.BaseFormSet):
    """Rows that can be added and removed in the browser.

    No row is "initial": every row may be left blank or removed from the page,
    and the remaining ones are renumbered by nobody — a missing index is simply
    a blank row.
    """

    def initial_form_count(self) -> int:
        return 0

    def total_form_count(self) -> int:
        if self.is_bound:
            return super().total_form_count()
        return max(len(self.initial or ()), self.extra, 1)

    def filled(self) -> list[dict[str, Any]]:
        """The cleaned rows that were filled in (call after is_valid)."""
        return [form.cleaned_data for form in self.forms if form.cleaned_data]
