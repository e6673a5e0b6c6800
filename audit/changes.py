"""What an edit changed, field by field, for its history row.

A service takes a snapshot of the fields a person may edit before it writes and
another after, and records the difference:

    before = snapshot(case, INTAKE_FIELDS)
    ... setattr, full_clean, save ...
    changed = diff(before, snapshot(case, INTAKE_FIELDS), sensitive=named_only(INTAKE_FIELDS))
    if changed:
        record_update(obj=case, by=by, source=source, changes=changed)

Each change keeps the field's name, its label (the model field's verbose_name, shown
in the reader's language) and its values before and after, encoded as the history's
summaries encode theirs (`audit.labels`): a choice by its label, a related object by
what it was called then, a date as a date. A sensitive field is named, never its
values. `audit.labels.describe` puts the changes into words.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django_countries.fields import Country, CountryField

from audit.labels import Day, Label, Number, encode_value, msgid


@dataclass(frozen=True)
class Snapshot:
    """The encoded values of some fields of an object at one moment, and their labels."""

    values: dict[str, Any]
    labels: dict[str, str]


def _encoded(field: models.Field[Any, Any] | None, value: Any) -> Any:
    if value is None or value == "":
        return ""
    if isinstance(value, Country) or isinstance(field, CountryField):
        return {"country": str(getattr(value, "code", value) or "")}
    if field is not None and field.choices and not isinstance(value, (list, dict)):
        labels = {str(code): label for code, label in field.flatchoices}
        if str(value) in labels:
            return encode_value(Label(labels[str(value)]))
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return encode_value(Day(value))
    if isinstance(value, (Decimal, float)):
        return encode_value(Number(value))
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {v}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0])))
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(sorted(str(item) for item in value))
    return str(value)


def _model_field(obj: models.Model, name: str) -> models.Field[Any, Any] | None:
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def snapshot(
    obj: models.Model, fields: Iterable[str], *, extra: Mapping[str, tuple[Any, Any]] | None = None
) -> Snapshot:
    """The values of `fields` of `obj` (many-to-many ones included, `obj` being saved),
    plus `extra`: values that are no field of the model (a budget), as
    `{name: (label, value)}`."""
    values: dict[str, Any] = {}
    labels: dict[str, str] = {}
    for name in fields:
        field = _model_field(obj, name)
        if field is not None and field.many_to_many:
            value: Any = [str(item) for item in getattr(obj, name).all()] if obj.pk else []
        elif field is not None and field.is_relation:
            value = getattr(obj, name)
        else:
            value = getattr(obj, name, None)
        values[name] = _encoded(field, value)
        labels[name] = msgid(field.verbose_name) if field is not None else name
    for name, (label, value) in (extra or {}).items():
        values[name] = _encoded(None, value)
        labels[name] = msgid(label)
    return Snapshot(values=values, labels=labels)


def diff(
    before: Snapshot, after: Snapshot, *, sensitive: Collection[str] = ()
) -> list[dict[str, Any]]:
    """The fields whose value differs between the two snapshots, in `after`'s order:
    `{"field", "label", "from", "to"}`, or `{"field", "label", "sensitive": True}` for a
    field in `sensitive` (named, its values left out)."""
    changes: list[dict[str, Any]] = []
    for name, value in after.values.items():
        old = before.values.get(name, "")
        if old == value:
            continue
        change: dict[str, Any] = {"field": name, "label": after.labels[name]}
        if name in sensitive:
            change["sensitive"] = True
        else:
            change.update({"from": old, "to": value})
        changes.append(change)
    return changes


def changed_fields(changes: Iterable[Mapping[str, Any]]) -> set[str]:
    """The names of the fields a list of changes is about."""
    return {str(change["field"]) for change in changes}
