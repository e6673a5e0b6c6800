"""Amounts and numbers in the active language: `{% load money %}`."""

from __future__ import annotations

from decimal import Decimal

from django import template

from documents.formatting import format_decimal, format_percent, format_share, format_xof

register = template.Library()


def _unbreakable(text: str) -> str:
    return text.replace(" ", "\u00a0")


@register.filter
def xof(value: int | None) -> str:
    """`{{ amount|xof }}` → `8 000 000 FCFA` (`8,000,000 FCFA` in English), never broken."""
    return _unbreakable(format_xof(value))


@register.filter
def share(value: Decimal | float | None) -> str:
    """`{{ 0.125|share }}` → `12,5 %` (`12.5%` in English)."""
    return "—" if value is None else _unbreakable(format_share(value))


@register.filter
def percent(value: Decimal | float | int | None) -> str:
    """`{{ 40|percent }}` → `40 %` (`40%` in English)."""
    return "—" if value is None else _unbreakable(format_percent(value))


@register.filter
def number(value: Decimal | float | None) -> str:
    """`{{ score|number }}` → `3,82` (`3.82` in English), without trailing zeros."""
    return "—" if value is None or value == "" else _unbreakable(format_decimal(value))
