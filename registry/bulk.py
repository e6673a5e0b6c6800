"""Checking and writing many new rows of one model at once, by the rules one row obeys.

`Model.full_clean` asks the database, for each row, whether each of its foreign keys
exists and whether each of its unique values is free: a query each. `clean_new` runs
the same checks on many new rows with one query per foreign key and one per unique
constraint (and batch of `BATCH_SIZE` rows); every other rule (fields, validators,
`Model.clean`) is the model's own, run row by row without a query.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from processes.transitions import ActionRefused

# Rows checked by one query, inserted by one statement.
BATCH_SIZE = 500

Errors = dict[str, list[ValidationError]]
T = TypeVar("T")


def batched(items: Iterable[T], size: int = BATCH_SIZE) -> Iterator[list[T]]:
    """`items` in lists of `size` (the last one shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class RowsRefused(Exception):
    """Some of the rows given are refused, so none was written. `refusals`: each refused
    row's reasons, by its position among the rows given."""

    def __init__(self, refusals: dict[int, ValidationError | ActionRefused]) -> None:
        self.refusals = refusals
        super().__init__(f"{len(refusals)} row(s) refused")


def clean_new(
    objs: Sequence[models.Model], *, exclude: Collection[str] = ()
) -> dict[int, ValidationError]:
    """What `full_clean(exclude=exclude)` says of each new row of `objs` (one model),
    by position, for the rows it refuses. A row repeating the unique values of an
    earlier one is refused as if the earlier one were saved."""
    if not objs:
        return {}
    meta = type(objs[0])._meta
    keys = [
        f
        for f in meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.name not in exclude
    ]
    # A field with choices compares each value with every choice (a country with
    # 250 of them): checked against the set of its choices, read once.
    choices = {
        f: {key for key, _label in f.flatchoices}
        for f in meta.concrete_fields
        if f.choices is not None and not f.is_relation and f.name not in exclude
    }
    errors: list[Errors] = [{} for _obj in objs]
    for obj, found in zip(objs, errors, strict=True):
        try:
            obj.full_clean(
                exclude={*exclude, *(f.name for f in keys), *(f.name for f in choices)},
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            exc.update_error_dict(found)
        for field in keys:
            _clean_key(field, obj, found)
        for choice_field, allowed in choices.items():
            _clean_choice(choice_field, allowed, obj, found)
    for field in keys:
        _check_keys_exist(field, objs, errors)
    for fields, constraint in _unique_sets(meta, exclude):
        _check_unique(fields, constraint, objs, errors)
    return {index: ValidationError(found) for index, found in enumerate(errors) if found}


def _clean_key(field: models.ForeignKey[Any, Any], obj: models.Model, found: Errors) -> None:
    """What `clean_fields` checks of a foreign key but its target's existence."""
    value = getattr(obj, field.attname)
    if field.blank and value in field.empty_values:
        return
    try:
        # The field's checks (null, blank, choices) without ForeignKey's query.
        models.Field.validate(field, value, obj)
    except ValidationError as exc:
        found[field.name] = exc.error_list


def _clean_choice(
    field: models.Field[Any, Any], allowed: set[Any], obj: models.Model, found: Errors
) -> None:
    """What `clean_fields` checks of a field with choices, `allowed` its choices."""
    value = getattr(obj, field.attname)
    if field.blank and value in field.empty_values:
        return
    try:
        if isinstance(value, Hashable) and value in allowed and value not in field.empty_values:
            field.run_validators(value)  # one of the choices: neither null nor blank
        else:
            field.clean(value, obj)  # the field's own message
    except ValidationError as exc:
        found[field.name] = exc.error_list


def _check_keys_exist(
    field: models.ForeignKey[Any, Any], objs: Sequence[models.Model], errors: list[Errors]
) -> None:
    remote = field.remote_field
    target = remote.field_name or "pk"
    values = {getattr(obj, field.attname) for obj in objs} - {None}
    existing: set[Any] = set()
    for chunk in batched(values):
        rows = remote.model._base_manager.filter(**{f"{target}__in": chunk})
        rows = rows.complex_filter(field.get_limit_choices_to())
        existing.update(rows.values_list(target, flat=True))
    for obj, found in zip(objs, errors, strict=True):
        value = getattr(obj, field.attname)
        if value is None or value in existing or field.name in found:
            continue
        try:
            field.validate(value, obj)  # raises the field's own message
        except ValidationError as exc:
            found[field.name] = exc.error_list


def _unique_sets(
    meta: Any, exclude: Collection[str]
) -> Iterator[tuple[list[models.Field[Any, Any]], models.UniqueConstraint | None]]:
    """The unique fields, `unique_together` and the plain unique constraints (on
    fields, without condition) of a model."""
    for field in meta.concrete_fields:
        if field.unique and not field.primary_key and field.name not in exclude:
            yield [field], None
    for names in meta.unique_together:
        if not set(names) & set(exclude):
            yield [meta.get_field(name) for name in names], None
    for constraint in meta.total_unique_constraints:
        if not set(constraint.fields) & set(exclude):
            yield [meta.get_field(name) for name in constraint.fields], constraint


def _unique_key(fields: list[models.Field[Any, Any]], values: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(field.get_prep_value(value) for field, value in zip(fields, values, strict=True))


def _check_unique(
    fields: list[models.Field[Any, Any]],
    constraint: models.UniqueConstraint | None,
    objs: Sequence[models.Model],
    errors: list[Errors],
) -> None:
    names = [field.name for field in fields]
    attnames = [field.attname for field in fields]
    keyed: list[tuple[int, tuple[Any, ...]]] = []
    for index, (obj, found) in enumerate(zip(objs, errors, strict=True)):
        values = [getattr(obj, attname) for attname in attnames]
        # NULL never equals NULL; a field in error is not checked (as full_clean does).
        if None not in values and not set(names) & set(found):
            keyed.append((index, _unique_key(fields, values)))
    taken: set[tuple[Any, ...]] = set()
    manager = type(objs[0])._default_manager
    for chunk in batched(keyed):
        lookups = {
            f"{attname}__in": {key[position] for _index, key in chunk}
            for position, attname in enumerate(attnames)
        }
        rows = manager.filter(**lookups).values_list(*attnames)
        taken.update(_unique_key(fields, row) for row in rows)
    for index, key in keyed:
        if key not in taken:
            taken.add(key)
            continue
        obj = objs[index]
        if constraint is None or (
            constraint.violation_error_message == constraint.default_violation_error_message
        ):
            message = obj.unique_error_message(type(obj), names)
        else:
            message = ValidationError(constraint.get_violation_error_message())
        errors[index].setdefault(names[0] if len(names) == 1 else NON_FIELD_ERRORS, []).append(
            message
        )
