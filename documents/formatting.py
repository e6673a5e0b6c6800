"""Amounts, numbers, shares and dates in the active language, for pages, messages and PDFs.

French: `25 000 000 FCFA`, `0,647`, `12,5 %`, `30 novembre 2026`.
English: `25,000,000 FCFA`, `0.647`, `12.5%`, `30 November 2026`.
The separators come from the language's formats (Django's, with the project's
date formats in `config/formats/`), so a page, a message and a history row
built for the same request agree. PDFs are French documents: they are
rendered under `translation.override("fr")`.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from functools import lru_cache

from django.utils import formats, translation

# French groups thousands with a (non-breaking) space; messages use a regular
# one so they stay searchable and copyable, and templates swap it back.
_SPACES = ("\u00a0", "\u202f")


def _separators() -> tuple[str, str]:
    """(decimal separator, thousands separator) of the active language."""
    return _separators_of(translation.get_language())


@lru_cache(maxsize=16)
def _separators_of(language: str | None) -> tuple[str, str]:
    """The separators of `language`, read from its formats once (a list formats
    hundreds of amounts)."""
    decimal = str(formats.get_format("DECIMAL_SEPARATOR", lang=language))
    thousands = str(formats.get_format("THOUSAND_SEPARATOR", lang=language))
    for space in _SPACES:
        thousands = thousands.replace(space, " ")
    return decimal, thousands


def strip_grouping(text: str) -> str:
    """`8 000 000`, `8,000,000` (in English) → `8000000`: an amount as typed, ungrouped."""
    text = re.sub(r"[\s\u00a0\u202f]+", "", text)
    thousands = _separators()[1].strip()
    return text.replace(thousands, "") if thousands else text


def _group(digits: str, separator: str) -> str:
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return separator.join(groups)


def group_thousands(value: int) -> str:
    """`8 000 000` in French, `8,000,000` in English."""
    sign = "-" if value < 0 else ""
    return sign + _group(f"{abs(int(value)):d}", _separators()[1])


def format_xof(value: int | None) -> str:
    """`8 000 000 FCFA`: West African CFA francs have no minor unit."""
    if value is None:
        return "—"
    return f"{group_thousands(int(value))} FCFA"


def format_decimal(value: Decimal | float | int | str) -> str:
    """`1`, `0,5`, `1,25` (`0.5`, `1.25` in English): a decimal without trailing zeros."""
    number = Decimal(str(value))
    text = format(abs(number).normalize(), "f")
    integer, _dot, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    decimal, thousands = _separators()
    sign = "-" if number < 0 and (integer.strip("0") or fraction) else ""
    return sign + _group(integer, thousands) + (decimal + fraction if fraction else "")


def format_percent(value: Decimal | float | int) -> str:
    """`40` → `40 %` in French (a space before the sign), `40%` in English."""
    number = format_decimal(value)
    return f"{number} %" if _language() == "fr" else f"{number}%"


def format_share(value: Decimal | float) -> str:
    """`0.125` → `12,5 %` in French, `12.5%` in English."""
    return format_percent(Decimal(str(value)) * 100)


def format_date(value: datetime.date | datetime.datetime | None) -> str:
    """`12 mars 2026` / `12 March 2026`: the active language's DATE_FORMAT."""
    if value is None:
        return "—"
    return formats.date_format(value, "DATE_FORMAT")


def format_datetime(value: datetime.datetime | None) -> str:
    """`12 mars 2026, 14:05`: the active language's DATETIME_FORMAT."""
    if value is None:
        return "—"
    return formats.date_format(value, "DATETIME_FORMAT")


def format_date_fr(value: datetime.date | datetime.datetime | None) -> str:
    """`12 mars 2026`, whatever the language of the current request (French documents)."""
    with translation.override("fr"):
        return format_date(value)


def _language() -> str:
    return (translation.get_language() or "fr").split("-")[0]


# French elision: "préfecture d'Agou", "préfecture de Kloto". A leading h is
# treated as aspirated (Haho, Haut-Mono: "de Haho"), and so is a y before a
# vowel (Yoto: "de Yoto").
_VOWELS = "aeiouâàäéèêëîïôöûùüœæ"


def de_name(name: object) -> str:
    """`de Kloto`, `d'Agou`: the French preposition "de" before a name."""
    text = str(name).strip()
    if not text:
        return "de"
    first = text[0].lower()
    elides = first in _VOWELS or (first == "y" and text[1:2].lower() not in _VOWELS)
    return f"d'{text}" if elides else f"de {text}"


def association_designation(name: object) -> str:
    """`L'association Les Amis de Kloto`, but `L'Association des ressortissants…`."""
    text = str(name).strip()
    if text.lower().startswith("association"):
        return f"L'{text}"
    return f"L'association {text}"
