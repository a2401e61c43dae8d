"""Spatial minimality: the readings of a name that lie close to some reading of the article's other names.

An article about "Paris" and "Henry County" is about the Paris that lies in a Henry County, even though the
biggest Paris and the biggest Henry County are far apart. Choosing each name by its best reading first and
then looking for neighbours misses such a cluster; looking at every reading of the other names finds it.
"""

from __future__ import annotations

import math
from collections import defaultdict

from ..gazetteer.index import Candidate
from ..gazetteer.store import NAME
from .distance import km
from .prior import prior

CLOSE_KM = 50.0
_CELL_DEGREES = 0.5  # grid cells smaller than CLOSE_KM in latitude; longitude cells widen the search
_AREAS = frozenset({"PCLI", "ADM1", "CONT"})  # too large to say where in them a place is
ORIGINALS_KM = 600.0  # Cardiff-Swansea 60 km, Milan-Florence 250, Paris-London 340, Dublin-London 460
MAX_READINGS = 40  # the most populous readings of a very common name are the ones worth testing


def _cell(candidate: Candidate) -> tuple[int, int]:
    return int(math.floor((candidate.lat or 0.0) / _CELL_DEGREES)), int(math.floor((candidate.lon or 0.0)
                                                                                   / _CELL_DEGREES))


def _local(candidates: tuple[Candidate, ...]) -> list[Candidate]:
    local = [c for c in candidates if c.lat is not None and c.lon is not None and c.feature_code not in _AREAS
             and c.kind == NAME]
    return sorted(local, key=lambda c: -c.population)[:MAX_READINGS]


def _named_after(one: Candidate, one_original: Candidate, other: Candidate, other_original: Candidate) -> bool:
    """Whether two neighbouring towns abroad are namesakes of two places that are neighbours themselves: settlers
    named Cardiff and Swansea in New South Wales, Milan and Florence in Indiana and Kentucky, after the Welsh and
    Italian ones. Such a pair says nothing about which pair the story means: the originals lie together too."""
    if one.country_code == one_original.country_code or other.country_code == other_original.country_code:
        return False
    if None in (one_original.lat, one_original.lon, other_original.lat, other_original.lon):
        return False
    return km(one_original.lat or 0.0, one_original.lon or 0.0, other_original.lat or 0.0,
              other_original.lon or 0.0) <= ORIGINALS_KM


def neighbours(found: dict[str, tuple[Candidate, ...]]) -> dict[int, float]:
    """For each local reading's id: how many other names may lie within CLOSE_KM of it.

    Each other name counts by how likely its nearby reading is next to its likeliest one, so that a hamlet
    called "Boston" near a hamlet called "Houston" says little, while one of several Henry Counties says much.
    """
    grid: dict[tuple[int, int], list[tuple[str, Candidate, float]]] = defaultdict(list)
    readings = {name: _local(candidates) for name, candidates in found.items()}
    likeliest = {name: max(candidates, key=prior) for name, candidates in found.items() if candidates}
    for name, local in readings.items():
        best = max((prior(c) for c in found[name]), default=0.0)
        for candidate in local:
            grid[_cell(candidate)].append((name, candidate, math.exp(min(0.0, prior(candidate) - best))))
    counts: dict[int, float] = {}
    for name, local in readings.items():
        for candidate in local:
            lat, lon = candidate.lat or 0.0, candidate.lon or 0.0
            row, col = _cell(candidate)
            # at high latitudes a cell is narrower, so look further east and west
            span = 1 + int(CLOSE_KM / (111.0 * _CELL_DEGREES * max(0.1, math.cos(math.radians(lat)))))
            names: dict[str, float] = {}
            for r in (row - 1, row, row + 1):
                for c in range(col - span, col + span + 1):
                    for other, near, weight in grid.get((r, c), ()):
                        if near.feature_code == "PPLC":
                            continue  # a country's capital is named for its government: no sign of a cluster
                        if other != name and near.id != candidate.id and weight > names.get(other, 0.0) \
                                and km(lat, lon, near.lat or 0.0, near.lon or 0.0) <= CLOSE_KM \
                                and not _named_after(candidate, likeliest[name], near, likeliest[other]):
                            names[other] = weight
            if names:
                counts[candidate.id] = max(counts.get(candidate.id, 0.0), sum(names.values()))
    return counts
