"""What every section of the dashboard is made of: its frame, its key figures, and the
codes of the figures put into words."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import models
from django_countries import countries
from django_stubs_ext import StrOrPromise

from observatory.charts import TOP, BarChart, bar_chart
from registry.models import Prefecture, Region


@dataclass(frozen=True)
class Figure:
    """A key figure: what it is, its value as written, and what it means."""

    label: str
    value: str
    detail: str = ""


@dataclass
class Section:
    """One section of the dashboard: its anchor (`#co-realisation`), its title, the
    template that draws it (under `templates/observatory/sections/`) and what it draws."""

    key: str
    title: str
    template: str
    intro: str = ""
    figures: list[Figure] = field(default_factory=list)
    parts: dict[str, Any] = field(default_factory=dict)


class Names:
    """The codes of the figures in the current language's words. The regions and the
    prefectures are read once per page (one query each), only if a section needs them."""

    @cached_property
    def _regions(self) -> dict[str, str]:
        return dict(Region.objects.values_list("code", "name"))

    @cached_property
    def _prefectures(self) -> dict[str, str]:
        return dict(Prefecture.objects.values_list("code", "name"))

    def region(self, code: str) -> str:
        return self._regions.get(code, code)

    def prefecture(self, code: str) -> str:
        return self._prefectures.get(code, code)

    @staticmethod
    def country(code: str) -> str:
        return str(countries.name(code)) or code

    @staticmethod
    def choice(choices: type[models.TextChoices]) -> Callable[[str], str]:
        """The label of a code of `choices` (the code itself if it names none)."""
        labels = {str(value): str(label) for value, label in choices.choices}
        return lambda code: labels.get(code, code)

    @staticmethod
    def order(choices: type[models.TextChoices], counts: dict[str, Any]) -> list[tuple[str, Any]]:
        """`counts` in the order of `choices` (a lifecycle's order), unknown codes last."""
        known = [(str(code), counts[str(code)]) for code in choices.values if str(code) in counts]
        return known + [(code, n) for code, n in counts.items() if code not in choices.values]


Labels = Callable[[Names], Callable[[str], str]]


def regions(names: Names) -> Callable[[str], str]:
    return names.region


def prefectures(names: Names) -> Callable[[str], str]:
    return names.prefecture


def labels_of(choices: type[models.TextChoices]) -> Labels:
    return lambda _names: Names.choice(choices)


@dataclass(frozen=True)
class Breakdown:
    """One of the figures counted per code (`by_status`, `by_region`…), drawn as a bar
    chart: in the order of its `choices` (a lifecycle's) when given, else most first.
    A `long` one (the prefectures, the countries) draws its `TOP` largest bars and one
    for the others; its table lists them all."""

    figure: str  # its key in the statistics
    key: str  # the chart's, unique on the page
    caption: StrOrPromise
    heading: StrOrPromise
    labels: Labels  # the codes' words
    choices: type[models.TextChoices] | None = None  # their order, if not most first
    long: bool = False

    def chart(self, counts: dict[str, Any], names: Names, measure: str) -> BarChart:
        return bar_chart(
            self.key,
            str(self.caption),
            Names.order(self.choices, counts) if self.choices else counts,
            heading=str(self.heading),
            measure=measure,
            label=self.labels(names),
            ranked=self.choices is None,
            top=TOP if self.long else None,
        )


def breakdown_charts(
    breakdowns: Iterable[Breakdown], stats: dict[str, Any], names: Names, measure: str
) -> dict[str, BarChart]:
    """The charts of the breakdowns `stats` holds, by figure (one it lacks is not drawn)."""
    return {
        breakdown.figure: breakdown.chart(stats[breakdown.figure], names, measure)
        for breakdown in breakdowns
        if breakdown.figure in stats
    }
