"""Plausible days: every day a person types is bounded, by the calendar and by the process.

A day before `EARLIEST`, or years ahead, is a typing mistake (`0001-01-01` was
accepted as a return date and a payment date). Each date a form or the API takes
is checked with `day_problem` (in a service's conditions or a model's `clean`) or
with the model validators below, against the bounds that make sense for it: a
payment not in the future nor before its tranche was approved, a follow-up visit
not before the case was registered, and so on. The messages name the bound.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.formatting import format_date

# No day the platform records (a birth, a return, a visit, a payment) comes before it.
EARLIEST = datetime.date(1900, 1, 1)
# How far ahead a deadline or a target may be set.
YEARS_AHEAD = 10


def years_ahead(years: int = YEARS_AHEAD) -> datetime.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


def day_of(moment: datetime.datetime | datetime.date | None) -> datetime.date | None:
    """The local day of a stored moment (a date stays as it is)."""
    if isinstance(moment, datetime.datetime):
        return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
    return moment


def day_problem(
    day: datetime.date | datetime.datetime | None,
    *,
    not_before: datetime.date | None = None,
    not_after: datetime.date | None = None,
    too_early: Any = None,
    too_late: Any = None,
) -> str | None:
    """Why `day` is not plausible, or None.

    `day` must fall between EARLIEST (or the later `not_before`) and `not_after`
    (`years_ahead()` when not given). `too_early` / `too_late` say why in the
    process's words, with `%(day)s` for the bound; without them the message is
    the calendar's ("ne peut pas être antérieure au …", "dans le futur").
    """
    when = day_of(day)
    if when is None:
        return None
    floor = max(EARLIEST, not_before) if not_before is not None else EARLIEST
    ceiling = not_after if not_after is not None else years_ahead()
    if when < floor:
        message = too_early if too_early is not None and floor != EARLIEST else None
        return str(message or _("Cette date ne peut pas être antérieure au %(day)s.")) % {
            "day": format_date(floor)
        }
    if when > ceiling:
        if too_late is not None:
            return str(too_late) % {"day": format_date(ceiling)}
        if ceiling == timezone.localdate():
            return _("Cette date ne peut pas être dans le futur.")
        return _("Cette date ne peut pas être postérieure au %(day)s.") % {
            "day": format_date(ceiling)
        }
    return None


def _raise_if(problem: str | None) -> None:
    if problem:
        raise ValidationError(problem)


def validate_past_day(value: datetime.date) -> None:
    """A day that has happened (a return, a visit): EARLIEST to today."""
    _raise_if(day_problem(value, not_after=timezone.localdate()))


def validate_plausible_day(value: datetime.date) -> None:
    """A day planned ahead (a deadline, a target): EARLIEST to YEARS_AHEAD years from today."""
    _raise_if(day_problem(value, too_late=TOO_FAR))


TOO_FAR = gettext_lazy("Cette date est trop lointaine : au plus tard le %(day)s.")
