"""Sustainability scores over visits, as an inline SVG line chart: a case's scores over
its follow-ups (`score_chart`), or any series of visits (`score_trend`: the
observatory's mean scores by follow-up round).

Drawn on the server (the template writes the SVG from these coordinates): no
JavaScript library, nothing fetched from elsewhere, readable without scripts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cases.models import FollowUp
from documents.formatting import format_date, format_decimal

WIDTH = 640
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 44, 40, 14, 42
MAX_X_LABELS = 8

SERIES: tuple[tuple[str, StrOrPromise, str, int], ...] = (
    ("economic", _("Économique"), "#198754", 2),
    ("social", _("Sociale"), "#0d6efd", 2),
    ("psychosocial", _("Psychosociale"), "#6f42c1", 2),
    ("composite", _("Composite"), "#212529", 4),
)


@dataclass
class Point:
    x: float
    y: float
    title: str


@dataclass
class Series:
    key: str
    label: str
    color: str
    width: int
    points: list[Point] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class ScoreChart:
    series: list[Series]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    title: str = ""
    key: str = "score-chart"  # unique on the page: the ids of its elements start with it
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def _y(value: float) -> float:
    return TOP + (1 - value) * (HEIGHT - TOP - BOTTOM)


def _xs(count: int) -> list[float]:
    span = WIDTH - LEFT - RIGHT
    if count == 1:
        return [LEFT + span / 2]
    # A little room on both sides so the first and last dots are not on the axes.
    inner = span - 24
    return [LEFT + 12 + inner * i / (count - 1) for i in range(count)]


@dataclass(frozen=True)
class Visit:
    """A point of the x axis: its tick, what its points' titles say, its scores."""

    tick: str
    title: str
    scores: Mapping[str, Decimal | float | None]


def score_trend(visits: Sequence[Visit], title: str, key: str = "score-chart") -> ScoreChart | None:
    """The chart of the scores per visit (in the given order), or None without visits.
    A score that is None (not measured, or not shown) leaves its point out."""
    if not visits:
        return None
    xs = _xs(len(visits))
    series = []
    for code, label, color, width in SERIES:
        line = Series(key=code, label=str(label), color=color, width=width)
        for x, visit in zip(xs, visits, strict=True):
            value = visit.scores.get(code)
            if value is None:
                continue
            line.points.append(
                Point(
                    x=x,
                    y=_y(float(value)),
                    title=f"{label} — {visit.title} : {format_decimal(value)}",
                )
            )
        series.append(line)
    step = max(1, -(-len(visits) // MAX_X_LABELS))
    x_ticks = [
        Tick(position=x, label=visit.tick)
        for i, (x, visit) in enumerate(zip(xs, visits, strict=True))
        if i % step == 0 or i == len(visits) - 1
    ]
    y_ticks = [Tick(position=_y(v), label=format_decimal(v)) for v in (0, 0.25, 0.5, 0.75, 1)]
    return ScoreChart(series=series, y_ticks=y_ticks, x_ticks=x_ticks, title=title, key=key)


def score_chart(follow_ups: Sequence[FollowUp]) -> ScoreChart | None:
    """The chart of a case's scores per visit (oldest first), or None before the first visit."""
    visits = [
        Visit(
            tick=formats.date_format(follow_up.visit_date, "SHORT_DATE_FORMAT"),
            title=format_date(follow_up.visit_date),
            scores=follow_up.scores,
        )
        for follow_up in follow_ups
    ]
    return score_trend(
        visits, gettext("Scores de durabilité de la réintégration par visite de suivi")
    )
