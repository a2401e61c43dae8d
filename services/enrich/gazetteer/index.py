"""Read-only lookups in a built gazetteer index."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

from .names import key, sound
from .store import ALTERNATE, NAME

_COLUMNS = "p.id, p.name, p.country_code, p.admin1, p.lat, p.lon, p.feature_class, p.feature_code, " \
           "p.population, p.disputed, a.kind"

SOUND_SPELLING = 0.8
MIN_SOUND = 5  # letters of a sound key: shorter ones ("Gaza", "Homs") match too many other names


# The words a division's own name may end in (GeoNames: "Yobe State", "Cluj County", "Nghệ An Province").
_DIVISION_WORDS = ("state", "county", "province", "region", "district", "governorate", "oblast", "prefecture",
                   "department", "division", "municipality", "parish")


def _without_division_word(name: str) -> str | None:
    first, _, last = name.rpartition(" ")
    return first if first and last in _DIVISION_WORDS else None


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name may refer to, and how the name matched it (see store's alias kinds)."""

    id: int
    name: str
    country_code: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    feature_class: str | None
    feature_code: str | None
    population: int
    disputed: tuple[str, ...]
    kind: int
    admin1_name: str | None = None

    @property
    def geonameid(self) -> int | None:
        return self.id if self.id > 0 else None

    def located(self) -> dict[str, Any]:
        """The fields of shared/enrichment.py's ``Located`` this entry fills (all but the name)."""
        return {"geonameid": self.geonameid, "country_code": self.country_code, "lat": self.lat, "lon": self.lon,
                "admin1_code": self.admin1, "admin1_name": self.admin1_name, "feature_class": self.feature_class,
                "feature_code": self.feature_code, "disputed": self.disputed}


class Gazetteer:
    """A read-only view of the index; one per process, safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._connect()
        self.lookup = lru_cache(maxsize=65536)(self._lookup)
        # Places a name may be another transliteration of (names.sound): only asked where lookup finds nothing.
        self.sounding = lru_cache(maxsize=4096)(self._sounding)
        self._admin1_names: dict[tuple[str, str], str] | None = None
        self._countries: dict[str, int] | None = None

    def _connect(self) -> None:
        uri = f"file:{self.path.resolve()}?mode=ro&immutable=1"
        self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._pid = os.getpid()

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            if self._pid != os.getpid():  # a forked child: SQLite connections must not cross a fork
                self._connect()
            return self._conn.execute(sql, args).fetchall()

    def admin1_name(self, country_code: str | None, admin1: str | None) -> str | None:
        """The name of a country's first-level division by its admin1 code (the most populous, if several)."""
        if self._admin1_names is None:
            rows = self._query("SELECT country_code, admin1, name FROM place WHERE feature_code = 'ADM1' "
                               "AND admin1 IS NOT NULL ORDER BY population, id DESC")
            self._admin1_names = {(country, code): name for country, code, name in rows}  # the last wins
        return self._admin1_names.get((country_code or "", admin1 or ""))

    def _candidate(self, row: tuple) -> Candidate:
        disputed = tuple(row[9].split(",")) if row[9] else ()
        return Candidate(*row[:9], disputed, row[10], self.admin1_name(row[2], row[3]))  # type: ignore[call-arg]

    def _lookup(self, name: str) -> tuple[Candidate, ...]:
        """Every place the name may refer to; a first-level division is matched by its own name without the word
        for the division ("Yobe" is Yobe State's, "Cluj" Cluj County's, "Villa Clara" Villa Clara Province's).
        Not a county of the second level: "White" and "Johnson" are words and people before White County's."""
        spelt = key(name)
        rows = self._query(f"SELECT {_COLUMNS} FROM alias a JOIN place p ON p.id = a.id WHERE a.key = ?", (spelt,))
        found = tuple(self._candidate(row) for row in rows)
        if any(c.kind == NAME and (c.feature_code or "").startswith("PCL") for c in found):
            return found  # "Niger" is the country's own name before Niger State's
        return tuple(replace(c, kind=NAME) if c.kind == ALTERNATE and c.feature_code == "ADM1"
                     and _without_division_word(key(c.name)) == spelt else c for c in found)

    def _sounding(self, name: str) -> tuple[Candidate, ...]:
        if len(sound(name).replace(" ", "")) < MIN_SOUND:
            return ()
        rows = self._query(f"SELECT {_COLUMNS.replace('a.kind', str(ALTERNATE))}, v.name FROM variant v "
                           "JOIN place p ON p.id = v.id WHERE v.key = ?", (sound(name),))
        # and spelt nearly alike: "Hodeidah"/"hodeida" .93, "Danielle"/"denali" .71, "Bibles"/"byblos" .67
        spelt = key(name)
        alike = {row[0]: row[:-1] for row in rows if SequenceMatcher(None, spelt, row[-1]).ratio() >= SOUND_SPELLING}
        return tuple(self._candidate(row) for row in alike.values())

    def by_id(self, place_id: int) -> Candidate | None:
        """The place with this id, as matched by its own name (the place table alone: alias has no index by id)."""
        own = _COLUMNS.replace("a.kind", str(NAME))
        rows = self._query(f"SELECT {own} FROM place p WHERE p.id = ?", (place_id,))
        return self._candidate(rows[0]) if rows else None

    def country(self, country_code: str) -> Candidate | None:
        """The country with this ISO code, as matched by its own name (the table of countries read once)."""
        if self._countries is None:
            rows = self._query("SELECT country_code, id FROM place WHERE feature_code = 'PCLI' "
                               "AND country_code IS NOT NULL ORDER BY population")
            self._countries = {code: place_id for code, place_id in rows}  # the most populous wins
        place_id = self._countries.get(country_code)
        return self.by_id(place_id) if place_id is not None else None

    def layer_names(self) -> Iterator[tuple[str, bool]]:
        """(key, whether it only ever names a people) of every name the gazetteer layer looks for in text."""
        yield from ((name, bool(only)) for name, only in self._query("SELECT key, only_demonym FROM layer"))

    def meta(self) -> dict[str, str]:
        """The build's metadata (schema version, source, place count)."""
        return dict(self._query("SELECT key, value FROM meta"))

    def close(self) -> None:
        """Release the file."""
        self._conn.close()
