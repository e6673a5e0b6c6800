"""What every process's page forms share: widget styling, refusals put back on the
fields, the amount field, the stale-form message, and the transition form built
from a process's table."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Self

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.formatting import group_thousands, strip_grouping
from processes.api.fields import SEARCH_MAX_LENGTH
from processes.dates import EARLIEST
from processes.filters import (
    OptionsSelect,
    ReferenceChoiceField,
    fixed_options,
    reference_options,
)
from processes.table import (
    COMMENT_MAX_LENGTH,
    MAX_AMOUNT,
    Input,
    InputKind,
    Transition,
    TransitionTable,
)

# What a page says when the object moved on between the page's display and its POST.
STALE_MESSAGE = _(
    "Entre-temps, quelqu'un d'autre a fait avancer ce que vous modifiiez : votre action "
    "n'a pas été enregistrée. Voici son état actuel."
)


def blank_first(choices: Iterable[tuple[str, Any]], blank: Any = "—") -> list[tuple[str, Any]]:
    """A select's choices with an empty first option."""
    return [("", blank), *choices]


# --- Rendering --------------------------------------------------------------------


def style(
    form: forms.BaseForm, *, errors: bool = True, textarea_rows: int | None = None
) -> forms.BaseForm:
    """Give the widgets their Bootstrap classes, marking fields in error (which validates
    a bound form: pass `errors=False` before the form is complete)."""
    for name, form_field in form.fields.items():
        widget = form_field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(
            widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect
        ):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if errors and form.is_bound and name in form.errors:
            css += " is-invalid"
        widget.attrs["class"] = css
        if isinstance(widget, forms.Textarea):
            if textarea_rows is not None:
                widget.attrs["rows"] = textarea_rows
            _say_the_limit(form_field)
    return form


def _say_the_limit(form_field: forms.Field) -> None:
    """A text box with a maximum says it: the browser cuts a longer paste silently."""
    limit = getattr(form_field, "max_length", None)
    if not limit or getattr(form_field, "limit_said", False):
        return
    said = _("%(limit)s caractères au plus.") % {"limit": group_thousands(limit)}
    form_field.help_text = f"{form_field.help_text} {said}".strip()
    form_field.limit_said = True  # type: ignore[attr-defined]


def add_refusal(form: forms.BaseForm, fields: dict[str, list[str]]) -> None:
    """Put a service refusal's messages on the fields they name (the others go on top)."""
    for name, messages in fields.items():
        form.add_error(name if name in form.fields else None, list(messages))


def add_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put model validation errors (raised by a service's full_clean) on their fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def radio_choice(label: Any, choices: Any = ()) -> forms.ChoiceField:
    """An optional choice among a few, shown as radio buttons (a score on a grid, an
    answer to a question); the service says whether it is required."""
    return forms.ChoiceField(label=label, choices=choices, required=False, widget=forms.RadioSelect)


# --- Amounts ----------------------------------------------------------------------


class AmountField(forms.IntegerField):
    """A whole number of FCFA; spaces between thousands and a trailing "FCFA" are accepted."""

    widget = forms.TextInput

    default_error_messages = {
        "invalid": _("Indiquez un montant en chiffres, sans centimes (par exemple 450 000)."),
        "min_value": _("Le montant ne peut pas être négatif."),
        "max_value": _("Ce montant est trop élevé."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_AMOUNT)
        super().__init__(**kwargs)
        # The browser's number input refuses spaces; a text input with a numeric keyboard does not.
        self.widget.attrs.pop("min", None)
        self.widget.attrs.pop("max", None)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def prepare_value(self, value: Any) -> Any:
        # A number shown by the page (an initial value) reads like an amount: 8 000 000.
        if isinstance(value, int) and not isinstance(value, bool):
            return group_thousands(value)
        return value

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = strip_grouping(value)
            value = re.sub(r"(?i)f?cfa$|xof$", "", value)
        return super().to_python(value)


class DayField(forms.DateField):
    """A day typed as 2026-03-31 (the date picker) or 31/03/2026."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
    default_error_messages = {"invalid": _("Indiquez une date valide (jj/mm/aaaa).")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The date picker offers nothing before the earliest plausible day.
        self.widget.attrs.setdefault("min", EARLIEST.isoformat())


# --- Transitions ------------------------------------------------------------------


def input_field(spec: Input) -> forms.Field:
    """The page field of one transition input (never required: the service decides)."""
    made: forms.Field
    if spec.kind == InputKind.LONG_TEXT:
        made = forms.CharField(
            label=spec.label,
            required=False,
            max_length=spec.max_length,
            widget=forms.Textarea(attrs={"rows": 4 if spec.max_length > COMMENT_MAX_LENGTH else 2}),
        )
    elif spec.kind == InputKind.TEXT:
        made = forms.CharField(label=spec.label, required=False, max_length=spec.max_length)
    elif spec.kind == InputKind.AMOUNT:
        made = AmountField(label=spec.label, required=False)
    elif spec.kind == InputKind.COUNT:
        made = forms.IntegerField(
            label=spec.label, required=False, min_value=0, max_value=spec.max_value
        )
    elif spec.kind == InputKind.DATE:
        made = DayField(label=spec.label, required=False, initial=timezone.localdate)
    elif spec.kind == InputKind.CHOICE:
        made = forms.ChoiceField(
            label=spec.label, required=False, choices=blank_first(spec.choice_list())
        )
    elif spec.kind == InputKind.USERNAMES:
        made = forms.MultipleChoiceField(
            label=spec.label,
            required=False,
            choices=spec.choice_list(),
            widget=forms.CheckboxSelectMultiple,
        )
    elif spec.kind == InputKind.FILE:
        made = forms.FileField(
            label=spec.label,
            required=False,
            error_messages={"empty": _("Le fichier est vide.")},
        )
        made.widget.attrs["accept"] = "application/pdf,image/jpeg,image/png"
    else:  # pragma: no cover - every InputKind is listed above
        raise ValueError(spec.kind)
    made.marked = spec.marked  # type: ignore[union-attr]
    return made


class TransitionForm(forms.Form):
    """The inputs one transition takes, as its table row declares them. Nothing is
    required here: the service says what is missing (and keeps a trace of the
    refusal); the form only checks each value's shape."""

    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, row: Transition, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row = row
        self.name = str(row.name)
        for spec in row.inputs:
            field = input_field(spec)
            if spec.name == "comment" and row.comment_required:
                field.marked = True  # type: ignore[attr-defined]
            self.fields[spec.name] = field
        style(self, errors=False)

    @classmethod
    def for_object(
        cls,
        table: TransitionTable[Any],
        name: str,
        obj: Any,
        data: Any = None,
        files: Any = None,
        *,
        prefix: str = "",
        **kwargs: Any,
    ) -> Self:
        """The form of transition `name` on `obj`, expecting its present state; `prefix`
        sets its fields' ids apart from the other forms of the page."""
        return cls(
            table[name],
            data,
            files,
            auto_id=f"id_{prefix}{name}_%s",
            initial={"expected_state": obj.status},
            **kwargs,
        )

    def service_data(self) -> dict[str, Any]:
        """What the table's dispatcher takes: only the inputs this transition has."""
        data = dict(self.cleaned_data)
        for spec in self.row.inputs:
            if spec.kind == InputKind.USERNAMES and spec.name in data:
                data[spec.name] = list(data[spec.name])
        return data


# --- List filters -----------------------------------------------------------------


class FilterForm(forms.Form):
    """The filters of a list page, read from its query string: the search box, then the
    page's own filters, each optional with its "all" choice first (`one_of`, `any_of`)."""

    q = forms.CharField(label=_("Recherche"), required=False, max_length=SEARCH_MAX_LENGTH)

    def filters(self) -> dict[str, Any]:
        """The filters given a valid value; a bad value drops that filter only."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


Choices = Iterable[tuple[str, Any]]


def one_of(label: Any, choices: Choices | Callable[[], Choices], everything: Any) -> forms.Field:
    """A list filter on one of `choices` (or what a callable returns when the form is
    shown), with `everything` ("Tous les statuts") first."""

    def listed() -> list[tuple[str, Any]]:
        return blank_first(choices() if callable(choices) else choices, everything)

    return forms.ChoiceField(
        label=label,
        required=False,
        choices=listed,
        widget=OptionsSelect(fixed_options(listed)),
    )


def any_of(label: Any, queryset: QuerySet[Any], everything: Any) -> forms.Field:
    """A list filter on one object of `queryset` (its id), with `everything` ("Toutes les
    régions") first; its options, cached until a row of the queryset's model changes (or
    for a minute), also validate the value sent (a row they lack is looked for in the
    database)."""
    options = reference_options(queryset, everything)
    return ReferenceChoiceField(
        queryset=queryset,
        label=label,
        required=False,
        choices=options,
        widget=OptionsSelect(options),
    )
