"""What the page tests post: the proposal form with its two tables, and reading a page."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from registry.models import Prefecture, Region

GOOD_BUDGET = [
    ("Forage et pompe solaire", "12 000 000"),
    ("Château d'eau", "6 000 000"),
    ("Formation du comité de gestion", "2 000 000"),
]
GOOD_CONTRIBUTIONS = [
    ("association", "cash", "8 000 000"),
    ("community", "in_kind", "2 000 000"),
    ("state", "cash", "8 000 000"),
    ("partner", "cash", "2 000 000"),
]
# Unbalanced, over the matching ratio, no community share.
BAD_CONTRIBUTIONS = [
    ("association", "cash", "6 000 000"),
    ("state", "cash", "10 000 000"),
    ("partner", "cash", "2 000 000"),
]


def text(response: Any) -> str:
    """The page as a reader sees it (entities decoded, tags and runs of spaces collapsed)."""
    raw = html.unescape(response.content.decode())
    raw = re.sub(r"<[^>]+>", " ", raw)
    return re.sub(r"\s+", " ", raw.replace("\u00a0", " ").replace("\u202f", " "))


def rows(
    budget: Sequence[tuple[str, str]], contributions: Sequence[tuple[str, str, str]]
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "budget-TOTAL_FORMS": str(len(budget)),
        "budget-INITIAL_FORMS": "0",
        "contrib-TOTAL_FORMS": str(len(contributions)),
        "contrib-INITIAL_FORMS": "0",
    }
    for i, (label, amount) in enumerate(budget):
        data[f"budget-{i}-label"] = label
        data[f"budget-{i}-amount"] = amount
    for i, (source, kind, amount) in enumerate(contributions):
        data[f"contrib-{i}-source"] = source
        data[f"contrib-{i}-kind"] = kind
        data[f"contrib-{i}-amount"] = amount
    return data


def proposal_data(
    *,
    call: Any = None,
    association: Any = None,
    budget: Sequence[tuple[str, str]] = GOOD_BUDGET,
    contributions: Sequence[tuple[str, str, str]] = GOOD_CONTRIBUTIONS,
    button: str = "save",
    **fields: Any,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Adduction d'eau potable à Agou",
        "summary": "Un forage, un château d'eau et un comité de gestion.",
        "sector": "water",
        "region": str(Region.objects.get(code="plateaux").pk),
        "prefecture": str(Prefecture.objects.get(code="kloto").pk),
        "locality": "Agou",
        "local_partner": "Commune d'Agou 1",
        **rows(budget, contributions),
        button: "1",
    }
    if call is not None:
        data["call"] = str(call.pk)
    if association is not None:
        data["association"] = str(association.pk)
    data.update({k: v for k, v in fields.items() if v is not None})
    return data
