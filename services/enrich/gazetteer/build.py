"""Build the gazetteer index from the packaged data sets and the hand-written tables beside this module."""

from __future__ import annotations

import fcntl
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import structlog

from . import cities, countries
from .store import ABBREVIATION, NAME, SCHEMA_VERSION, IndexWriter, Record

log = structlog.get_logger(__name__)
FEATURE_ID_BASE = -1_000_000  # made-up ids of hand-written features GeoNames has no id for


def feature_records() -> Iterator[Record]:
    """Seas, rivers, mountains, regions and disputed territories from features.tsv."""
    for number, row in enumerate(countries.read_tsv("features.tsv"), start=1):
        geonameid, name, others, country, fclass, fcode, lat, lon, disputed = (c.strip() for c in row)
        aliases = [(other, NAME) for other in others.split("|") if other]  # hand-picked: as good as the name
        yield Record(int(geonameid) if geonameid else FEATURE_ID_BASE - number, name, country or None, None,
                     float(lat), float(lon), fclass, fcode, 0,
                     tuple(c for c in disputed.split(",") if c), aliases)


def _with_state_abbreviations(records: Iterator[Record], state_ids: dict[str, int]) -> Iterator[Record]:
    by_code: dict[str, list[str]] = defaultdict(list)
    for abbreviation, code in countries.read_tsv("state_abbreviations.tsv"):
        by_code[code].append(abbreviation)
    for record in records:
        if record.id in state_ids.values() and record.feature_code == "ADM1":
            code = record.admin1 or ""
            record.aliases += [(a, ABBREVIATION) for a in [code, *by_code[code]]]
        yield record


def _with_country_centres(records: list[Record], city_rows: list[dict]) -> list[Record]:
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in city_rows:
        points[city["countrycode"]].append((city["latitude"], city["longitude"]))
    for record in records:
        if record.lat is None and points.get(record.country_code or ""):
            record.lat, record.lon = cities.centre(points[record.country_code or ""])
    return records


def build(target: Path) -> Path:
    """Write a fresh index at ``target`` (atomically) and return its path."""
    started = time.perf_counter()
    city_rows = cities.load_cities(countries.capitals())
    state_ids = countries.us_state_ids()
    writer = IndexWriter(target)
    try:
        count = writer.add(cities.city_records(city_rows))
        features = list(feature_records())
        described = frozenset((f.country_code or "", f.name) for f in features if f.feature_class == "A")
        divisions = cities.division_records(city_rows, state_ids, described)
        count += writer.add(_with_state_abbreviations(divisions, state_ids))
        count += writer.add(_with_country_centres(list(countries.country_records()), city_rows))
        count += writer.add(countries.continent_records())
        count += writer.add(features)
        path = writer.commit({"source": "packaged", "places": str(count)})
    except BaseException:
        writer.abort()
        raise
    log.info("gazetteer.built", path=str(path), places=count, seconds=round(time.perf_counter() - started, 1))
    return path


def is_current(path: Path) -> bool:
    """Whether an index exists at ``path`` in the layout this code reads."""
    if not path.exists():
        return False
    try:
        with closing(sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError:
        return False
    return row is not None and row[0] == SCHEMA_VERSION


def ensure_built(path: Path) -> Path:
    """Build the index at ``path`` unless a current one exists; processes starting together build it once."""
    path = Path(path)
    if is_current(path):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the others wait here, then find the finished file
        if not is_current(path):
            build(path)
    return path
