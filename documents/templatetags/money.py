from __future__ import annotations

from decimal import Decimal

from django import template

from documents.formatting import format_decimal, format_share, format_xof

register = template.Library()


@register.filter
def xof(value: int | None) -> str:
    """`{{ amount|xof }}` → `8 000 000 FCFA`, with non-breaking spaces."""
    return format_xof(value).replace(" ", "\u00a0")


@register.filter
def share(value: Decimal | float | None) -> str:
    return "—" if value is None else format_share(value).replace(" ", "\u00a0")


@register.filter
def decimal_fr(value: Decimal | float | None) -> str:
    return "—" if value is None else format_decimal(value)
