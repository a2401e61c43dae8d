"""Import the official GeoNames dumps (allCountries.txt, cities500.txt, ...) for full coverage."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

import structlog

from . import countries, disputes
from .build import feature_records
from .cities import usable_alternate
from .store import ABBREVIATION, ALTERNATE, IndexWriter, Record

log = structlog.get_logger(__name__)
DEFAULT_CLASSES = frozenset("APHTL")  # divisions, towns, water, landforms, regions: not hotels or farms
_COLUMNS = 19


def _rows(path: Path) -> Iterator[list[str]]:
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as handle:
        yield from csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def dump_records(path: Path, classes: frozenset[str] = DEFAULT_CLASSES) -> Iterator[Record]:
    """Records from a GeoNames main-table dump (19 tab-separated columns)."""
    for number, row in enumerate(_rows(path), start=1):
        if len(row) != _COLUMNS:
            raise ValueError(f"{path}:{number}: expected {_COLUMNS} columns, found {len(row)}")
        if row[6] not in classes:
            continue
        aliases = [(row[2], ALTERNATE)] + [(a, ALTERNATE) for a in row[3].split(",") if usable_alternate(a)]
        yield Record(int(row[0]), row[1], row[8] or None, row[10] or None, float(row[4]), float(row[5]),
                     row[6], row[7], int(row[14] or 0), (), aliases, row[11] or None)


def admin_code_aliases(path: Path) -> Iterator[tuple[str, int, int]]:
    """Names of first-level divisions from admin1CodesASCII.txt ("US.CA", name, ascii name, geonameid)."""
    for row in _rows(path):
        if len(row) >= 4 and row[3].isdigit():
            yield from ((row[1], int(row[3]), ALTERNATE), (row[2], int(row[3]), ALTERNATE))


def alternate_name_aliases(path: Path) -> Iterator[tuple[str, int, int]]:
    """English, unlabelled and abbreviated names from alternateNames(V2).txt; historic ones left out."""
    for row in _rows(path):
        if len(row) < 4 or (len(row) > 7 and row[7] == "1"):
            continue
        language, name = row[2], row[3]
        if language == "abbr":
            yield name, int(row[1]), ABBREVIATION
        elif language in ("", "en") and usable_alternate(name):
            yield name, int(row[1]), ALTERNATE


def import_dump(path: Path, target: Path, admin_codes: Path | None = None,
                alternate_names: Path | None = None, classes: frozenset[str] = DEFAULT_CLASSES) -> Path:
    """Build the index at ``target`` from a GeoNames dump plus the packaged countries and features."""
    writer = IndexWriter(Path(target))
    try:
        count = writer.add(countries.country_records())
        count += writer.add(countries.continent_records())
        count += writer.add(dump_records(Path(path), classes))
        count += writer.add(feature_records())  # last: the hand-written territories override the dump
        if admin_codes is not None:
            writer.add_aliases(admin_code_aliases(Path(admin_codes)))
        if alternate_names is not None:
            writer.add_aliases(alternate_name_aliases(Path(alternate_names)))
        flagged = disputes.flag_places(writer.conn, disputes.read_disputes())
        result = writer.commit({"source": f"geonames:{Path(path).name}", "places": str(count),
                                "disputed": str(flagged)})
    except BaseException:
        writer.abort()
        raise
    log.info("gazetteer.imported", path=str(result), places=count, source=str(path))
    return result
