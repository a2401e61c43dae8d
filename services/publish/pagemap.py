"""A small map of an article's places for its page: inline SVG drawn from our bundled outlines, no tiles, no hosts.

The view is the places' bounding box with a margin (at least 30 by 15 degrees), on the equirectangular canvas of
shared/worldmap.py; only the countries whose outline meets the view are drawn, so a page carries a few
kilobytes of map, not the world's 110.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from shared.enrichment import Located
from shared.worldmap import HEIGHT, WIDTH, countries, project

MIN_SPAN = (30.0, 15.0)  # degrees of longitude, latitude: a lone city still shows its surroundings
MARGIN = 5.0
_NUMBER_PAIR = re.compile(r"(-?[\d.]+),(-?[\d.]+)")

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 on the canvas


@lru_cache(maxsize=1)
def _outlines() -> list[tuple[Box, str]]:
    """Each country's path with its bounding box on the canvas."""
    found = []
    for country in countries():
        points = [(float(x), float(y)) for x, y in _NUMBER_PAIR.findall(country["d"])]
        xs, ys = [x for x, _ in points], [y for _, y in points]
        found.append(((min(xs), min(ys), max(xs), max(ys)), country["d"]))
    return found


def _view(points: list[tuple[float, float]]) -> Box:
    """The part of the canvas to show: every point, a margin, at least MIN_SPAN, inside the canvas."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    box = [min(xs) - MARGIN, min(ys) - MARGIN, max(xs) + MARGIN, max(ys) + MARGIN]
    for low, high, span, limit in ((0, 2, MIN_SPAN[0], WIDTH), (1, 3, MIN_SPAN[1], HEIGHT)):
        grow = max(0.0, span - (box[high] - box[low])) / 2
        box[low], box[high] = max(0.0, box[low] - grow), min(float(limit), box[high] + grow)
    return box[0], box[1], box[2], box[3]


def svg(places: list[Located]) -> str:
    """The map of the places that have a point, or an empty string when none has."""
    located = [(place, project(place.lon, place.lat)) for place in places
               if place.lon is not None and place.lat is not None]
    if not located:
        return ""
    x0, y0, x1, y1 = _view([point for _, point in located])
    shapes = "".join(f'<path d="{d}"/>' for (bx0, by0, bx1, by1), d in _outlines()
                     if bx0 <= x1 and bx1 >= x0 and by0 <= y1 and by1 >= y0)
    radius = round(max(x1 - x0, y1 - y0) / 80, 2)
    dots = "".join(
        f'<circle data-geonameid="{place.geonameid or ""}" cx="{x}" cy="{y}" r="{radius}">'
        f"<title>{html.escape(place.name)}</title></circle>" for place, (x, y) in located)
    return (f'<svg class="map" viewBox="{x0:g} {y0:g} {x1 - x0:g} {y1 - y0:g}" role="img" '
            f'aria-label="Map of the places the article names" xmlns="http://www.w3.org/2000/svg">'
            f'<g class="countries">{shapes}</g><g class="places">{dots}</g></svg>')
