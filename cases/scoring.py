"""Sustainable-reintegration scores: one function, unit-tested.

Each answer is 0–1. A dimension's score is the weighted mean of its answered
indicators; the composite is the weighted mean of all answered indicators
(weights are data: `SurveyIndicator.weight`). A dimension with no answered
indicator scores None.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from cases.models import Dimension, SurveyIndicator

QUANTUM = Decimal("0.001")


def _mean(pairs: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    total_weight = sum((w for w, _ in pairs), Decimal(0))
    if not pairs or total_weight == 0:
        return None
    value = sum((w * a for w, a in pairs), Decimal(0)) / total_weight
    return value.quantize(QUANTUM, rounding=ROUND_HALF_UP)


def sustainability_scores(
    indicators: Iterable[SurveyIndicator], answers: Mapping[str, Decimal | float | int]
) -> dict[str, Decimal | None]:
    by_dimension: dict[str, list[tuple[Decimal, Decimal]]] = {d.value: [] for d in Dimension}
    everything: list[tuple[Decimal, Decimal]] = []
    for indicator in indicators:
        if indicator.code not in answers:
            continue
        pair = (Decimal(indicator.weight), Decimal(str(answers[indicator.code])))
        by_dimension[indicator.dimension].append(pair)
        everything.append(pair)
    scores: dict[str, Decimal | None] = {d: _mean(p) for d, p in by_dimension.items()}
    scores["composite"] = _mean(everything)
    return scores
