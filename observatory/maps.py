"""The diaspora's maps: the world by country, Togo by region, drawn as inline SVG.

The outlines come from `observatory/geodata/` (Natural Earth, public domain, projected
and simplified by `observatory/geodata/build.py`), read once per process. A map is a
`MapFigure`: each area with its count and its class level, the classes (ranges of
counts, named by the legend), markers for the small countries that have a count, and
the rows of its table (every code with a count, most first). The template
`observatory/_map.html` draws it: no JavaScript, nothing fetched from elsewhere.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django_countries import countries

GEODATA = Path(__file__).resolve().parent / "geodata"
# Classes of counts above zero: a map shows at most this many, each a step darker
# and with its own pattern.
LEVELS = 4

_figure_ids = itertools.count(1)


@dataclass(frozen=True)
class MapClass:
    """A range of counts drawn alike (level 0: no count)."""

    level: int
    low: int
    high: int

    @property
    def label(self) -> str:
        if self.level == 0:
            return _("Aucun")
        if self.low == self.high:
            return str(self.low)
        return f"{self.low}–{self.high}"


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    path: str
    count: int
    level: int
    x: float
    y: float
    small: bool

    @property
    def title(self) -> str:
        return _("%(name)s : %(count)s") % {"name": self.name, "count": self.count}

    @property
    def marked(self) -> bool:
        """A small country (or one too small for the map's outlines) with a count:
        drawn as a marker too, so it can be seen."""
        return self.small and self.count > 0


@dataclass(frozen=True)
class MapRow:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class MapFigure:
    kind: str  # "world" or "togo"
    dom_id: str  # unique in a page: the ids of the map's patterns start with it
    width: float
    height: float
    areas: list[MapArea]
    classes: list[MapClass]
    rows: list[MapRow]
    area_label: str  # the table's first column: "Pays" or "Région"

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"

    @property
    def drawn(self) -> list[MapArea]:
        return [area for area in self.areas if area.path]

    @property
    def markers(self) -> list[MapArea]:
        return [area for area in self.areas if area.marked]

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)

    @property
    def marker_radius(self) -> float:
        return round(self.width / 140, 1)

    @property
    def pattern_size(self) -> float:
        return max(round(self.width / 160, 1), 5.0)

    @property
    def label_size(self) -> float:
        return round(self.width / 15, 1)


@cache
def geodata(kind: str) -> dict[str, Any]:
    """The shipped outlines of one map, read once."""
    with (GEODATA / f"{kind}.json").open(encoding="utf-8") as data:
        loaded: dict[str, Any] = json.load(data)
    return loaded


def classes_of(counts: Mapping[str, int]) -> list[MapClass]:
    """At most LEVELS ranges over the counts above zero, each holding about as many
    areas (quantiles), and the class of no count."""
    values = sorted(count for count in counts.values() if count > 0)
    classes = [MapClass(0, 0, 0)]
    low = 1
    for level in range(1, LEVELS + 1):
        if not values or low > values[-1]:
            break
        high = values[max(math.ceil(len(values) * level / LEVELS) - 1, 0)]
        if high < low:
            continue
        classes.append(MapClass(len(classes), low, high))
        low = high + 1
    return classes


def level_of(count: int, classes: list[MapClass]) -> int:
    for found in classes:
        if found.low <= count <= found.high:
            return found.level
    return 0


def _figure(
    kind: str, counts: Mapping[str, int], name_of: Mapping[str, str], area_label: str
) -> MapFigure:
    data = geodata(kind)
    classes = classes_of(counts)
    areas = []
    for shape in data["areas"]:
        count = counts.get(shape["code"], 0)
        areas.append(
            MapArea(
                code=shape["code"],
                name=name_of.get(shape["code"]) or shape["name"],
                path=shape["d"],
                count=count,
                level=level_of(count, classes),
                x=shape["x"],
                y=shape["y"],
                small=shape["small"],
            )
        )
    shipped = {area.code: area.name for area in areas}
    rows = sorted(
        (
            MapRow(code, name_of.get(code) or shipped.get(code) or code, count)
            for code, count in counts.items()
            if count > 0
        ),
        key=lambda row: (-row.count, row.name),
    )
    width, height = data["view_box"][2:]
    return MapFigure(
        kind=kind,
        dom_id=f"map-{kind}-{next(_figure_ids)}",
        width=width,
        height=height,
        areas=areas,
        classes=classes,
        rows=rows,
        area_label=area_label,
    )


def world_map(counts: Mapping[str, int]) -> MapFigure:
    """The world, by ISO 3166-1 alpha-2 code; names in the current language."""
    codes = {shape["code"] for shape in geodata("world")["areas"]} | set(counts)
    names = {code: countries.name(code) for code in codes}
    return _figure("world", counts, names, _("Pays"))


def togo_map(counts: Mapping[str, int]) -> MapFigure:
    """Togo, by region code (registry.Region.code)."""
    return _figure("togo", counts, {}, _("Région"))
