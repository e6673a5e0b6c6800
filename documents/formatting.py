"""French formatting of amounts, shares and dates, shared by pages, messages and PDFs."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import formats, translation

# A regular space keeps messages searchable and copyable; templates may swap it
# for a non-breaking one.
THOUSANDS = " "


def group_thousands(value: int) -> str:
    sign = "-" if value < 0 else ""
    digits = f"{abs(int(value)):d}"
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + THOUSANDS.join(groups)


def format_xof(value: int | None) -> str:
    """`8 000 000 FCFA`: West African CFA francs have no minor unit."""
    if value is None:
        return "—"
    return f"{group_thousands(int(value))} FCFA"


def format_decimal(value: Decimal | float | int) -> str:
    """`1`, `0,5`, `1,25`: a French decimal without trailing zeros."""
    text = format(Decimal(str(value)).normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def format_share(value: Decimal | float) -> str:
    """`50 %`, `12,5 %` (the French style puts a space before the sign)."""
    return f"{format_decimal(Decimal(str(value)) * 100)} %"


def format_date_fr(value: datetime.date | datetime.datetime | None) -> str:
    """`12 mars 2026`, whatever the language of the current request."""
    if value is None:
        return "—"
    with translation.override("fr"):
        return formats.date_format(value, "j F Y")
