"""The world map (console, article pages): Natural Earth 110m countries (bundled TopoJSON) as SVG paths, no tiles.

Projection is equirectangular on a 360 x 180 canvas: x = lon + 180, y = 90 - lat, so the page can
place any coordinate without a projection library.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

WIDTH, HEIGHT = 360, 180


def project(lon: float, lat: float) -> tuple[float, float]:
    """A coordinate's position on the canvas."""
    return round(lon + 180, 2), round(90 - lat, 2)


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute (lon, lat) points of every arc: TopoJSON stores them quantised and delta-encoded."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> str:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]  # ~i: arc i walked backwards
        points.extend(arc if not points else arc[1:])
    path, previous = [], None
    for lon, lat in points:
        # A ring crossing the antimeridian (Russia, Fiji, Antarctica) jumps across the canvas: lift the pen.
        pen = "M" if previous is None or abs(lon - previous) > 180 else "L"
        # A tenth of a degree is finer than a pixel at the size the console draws the map.
        path.append(f"{pen}{round(lon + 180, 1):g},{round(90 - lat, 1):g}")
        previous = lon
    return "".join(path) + "Z"


@lru_cache(maxsize=1)
def countries() -> list[dict[str, str]]:
    """One SVG path per country: ``{"name", "d"}``."""
    source = resources.files("shared") / "maps" / "countries-110m.json"
    topology = json.loads(source.read_text())
    arcs = _decode_arcs(topology)
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        path = "".join(_ring(arcs, ring) for polygon in polygons for ring in polygon)
        shapes.append({"name": geometry.get("properties", {}).get("name", ""), "d": path})
    return shapes
