"""What every process's pages share: keyset pages (one query, no COUNT, whatever the
table's size), the rows' links (one route reversed once per list), where to go after a
successful action, and the colours of status badges."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

M = TypeVar("M", bound=models.Model)
R = TypeVar("R")

PAGE_SIZE = 25


@dataclass
class Page(Generic[R]):
    rows: list[R]
    next_cursor: str = ""
    previous_cursor: str = ""

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)

    def links(self, query: QueryDict) -> dict[str, str]:
        """`next_url` and `previous_url` for a page, keeping the other query parameters."""

        def link(key: str, cursor: str) -> str:
            params = query.copy()
            params.pop("after", None)
            params.pop("before", None)
            params[key] = cursor
            return "?" + params.urlencode()

        return {
            "next_url": link("after", self.next_cursor) if self.next_cursor else "",
            "previous_url": link("before", self.previous_cursor) if self.previous_cursor else "",
        }


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any] | None:
    """The values of a cursor, or None when it was not made by `encode_cursor`."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw.decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(values, list) or len(values) != width:
        return None
    if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        return None
    return values


def _field(name: str) -> str:
    return name.removeprefix("-")


def _beyond(order: Sequence[str], values: Sequence[Any], forward: bool) -> Q:
    """Rows strictly after (`forward`) or before `values` in the order `order`
    (a name with a leading "-" runs from the largest value down)."""
    condition = Q()
    for i, name in enumerate(order):
        ascending = not name.startswith("-")
        lookup = "gt" if ascending == forward else "lt"
        step = Q(**{f"{_field(name)}__{lookup}": values[i]})
        for previous, value in zip(order[:i], values[:i], strict=True):
            step &= Q(**{_field(previous): value})
        condition |= step
    return condition


def _typed(
    queryset: QuerySet[M], order: Sequence[str], values: list[Any] | None
) -> list[Any] | None:
    """The cursor's values as the ordering fields read them; None for a cursor this list
    did not make (an id that is not a number, say), which then reads as the first page."""
    if values is None:
        return None
    typed = []
    for name, value in zip(order, values, strict=True):
        computed = queryset.query.annotations.get(_field(name))
        field = (
            computed.output_field
            if computed is not None
            else queryset.model._meta.get_field(_field(name))
        )
        try:
            typed.append(field.to_python(value) if isinstance(field, models.Field) else value)
        except (ValidationError, ValueError, TypeError):
            return None
    return typed


def _reversed(order: Sequence[str]) -> list[str]:
    return [_field(name) if name.startswith("-") else f"-{name}" for name in order]


def keyset_page(
    queryset: QuerySet[M],
    order: Sequence[str],
    *,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> Page[M]:
    """One page of `queryset` in `order` (which must end with a unique field; its other
    fields may be computed ones, annotated on `queryset`), after or before a cursor:
    one query, no COUNT."""
    before_values = _typed(queryset, order, decode_cursor(before, len(order)))
    after_values = (
        None
        if before_values is not None
        else _typed(queryset, order, decode_cursor(after, len(order)))
    )
    if before_values is not None:
        backwards = queryset.filter(_beyond(order, before_values, forward=False))
        rows = list(backwards.order_by(*_reversed(order))[: size + 1])
        has_previous = len(rows) > size
        rows = rows[:size][::-1]
        has_next = True
    else:
        if after_values is not None:
            queryset = queryset.filter(_beyond(order, after_values, forward=True))
        rows = list(queryset.order_by(*order)[: size + 1])
        has_next = len(rows) > size
        rows = rows[:size]
        has_previous = after_values is not None
    if not rows:
        return Page(rows=[])

    def cursor(row: M) -> str:
        values = [getattr(row, _field(name)) for name in order]
        # A day or a time is kept as text, read back by its field (`_typed`).
        return encode_cursor([v.isoformat() if isinstance(v, date) else v for v in values])

    return Page(
        rows=rows,
        next_cursor=cursor(rows[-1]) if has_next else "",
        previous_cursor=cursor(rows[0]) if has_previous else "",
    )


def newest_first_page(
    queryset: QuerySet[M], *, after: str = "", before: str = "", size: int = PAGE_SIZE
) -> Page[M]:
    """One page of `queryset`, newest first."""
    return keyset_page(queryset, ("-id",), after=after, before=before, size=size)


# A number no row has, standing for the row's id in a route reversed once.
_ANY_ID = 987_654_321_987


def url_for_each(route: str) -> Callable[[Any], str]:
    """The address of `route` (a page taking one id) for any id, reversed once: a
    list's rows each link to their page without reversing the route per row."""
    head, tail = reverse(route, args=[_ANY_ID]).split(str(_ANY_ID))
    return lambda pk: f"{head}{pk}{tail}"


def linked(rows: list[M], route: str) -> list[M]:
    """`rows`, each given `url`, its page at `route`."""
    url_of = url_for_each(route)
    for row in rows:
        row.url = url_of(row.pk)  # type: ignore[attr-defined]
    return rows


def next_url(request: HttpRequest) -> str:
    """Where to go after a successful action: a page of this site named by the form, if any."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def status_classes(classes: Mapping[str, str]) -> Callable[[Any], str]:
    """A template filter: the badge classes of a status in `classes`, a light badge for
    one it does not name (`{{ case.status|case_status_css }}`)."""

    def css(status: Any) -> str:
        return classes.get(str(status), "text-bg-light border")

    return css
