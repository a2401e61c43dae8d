"""Counties, second- and first-level divisions and islands: found by name with their GeoNames id (where GeoNames
has one), a point and a population to rank them, through the index and through `newsflow enrich --jsonl`."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from services.enrich.gazetteer.index import Candidate, Gazetteer
from services.enrich.gazetteer.store import ALTERNATE, NAME
from services.enrich.resolution.distance import km


def _most_populous(gazetteer: Gazetteer, name: str) -> Candidate:
    return max(gazetteer.lookup(name), key=lambda c: c.population)


@pytest.mark.parametrize("name, geonameid, admin1, point", [
    ("Cook County", 4888671, "IL", (41.84, -87.82)),
    ("Harris County", 4696376, "TX", (29.86, -95.39)),
    ("Orange County", 5379524, "CA", (33.68, -117.78)),  # eight counties answer; California's is the largest
    ("Oxfordshire", 2640726, "ENG", (51.83, -1.31)),
    ("Kent", 3333158, "ENG", (51.21, 0.72)),
    ("Surrey", 2636512, "ENG", (51.25, -0.42)),
    ("Maricopa County", 5303754, "AZ", (33.35, -112.49)),
])
def test_a_second_level_division_has_its_geonames_id_a_point_and_a_population(
        gazetteer: Gazetteer, name: str, geonameid: int, admin1: str, point: tuple[float, float]) -> None:
    """The point is the population-weighted centre of its towns: within 50 km of the middle of its people."""
    division = _most_populous(gazetteer, name)
    assert (division.geonameid, division.feature_code, division.admin1) == (geonameid, "ADM2", admin1)
    assert division.population > 500_000
    assert km(division.lat, division.lon, *point) < 50


def test_a_town_knows_its_second_level_division(gazetteer_file: Path) -> None:
    """Chicago lies in US.IL.031 (Cook County): the admin2 code the dispute containment reads."""
    with closing(sqlite3.connect(gazetteer_file)) as conn:
        assert conn.execute("SELECT country_code, admin1, admin2 FROM place WHERE id = 4887398").fetchone() == (
            "US", "IL", "031")


def test_a_county_answers_to_its_short_name_only_as_an_alternate(gazetteer: Gazetteer) -> None:
    cook = {c.geonameid: c for c in gazetteer.lookup("Cook")}[4888671]
    assert cook.kind == ALTERNATE


def test_a_division_named_like_its_own_town_leaves_the_name_to_the_town(gazetteer: Gazetteer) -> None:
    """Birmingham the borough holds more people than Birmingham the city; "Birmingham" still means the city."""
    found = {c.geonameid: c for c in gazetteer.lookup("Birmingham")}
    assert (found[3333125].feature_code, found[3333125].kind) == ("ADM2", ALTERNATE)
    assert (found[2655603].feature_code, found[2655603].kind) == ("PPL", NAME)


@pytest.mark.parametrize("name, geonameid", [
    ("Abkhazia", 6643410), ("Ladakh", 12096464), ("Crimea", 703883), ("Gaza Strip", 281132),
    ("Ontario", 6093943), ("Bavaria", 2951839), ("California", 5332921),
])
def test_a_first_level_division_has_its_geonames_id_and_a_point(gazetteer: Gazetteer, name: str,
                                                                  geonameid: int) -> None:
    division = {c.geonameid: c for c in gazetteer.lookup(name)}[geonameid]
    assert division.feature_code == "ADM1" and division.lat is not None


@pytest.mark.parametrize("name, country, point", [
    ("Borneo", None, (0.5, 114.5)), ("Sumatra", "ID", (-0.5, 101.5)), ("Java", "ID", (-7.4, 110.0)),
    ("Honshu", "JP", (36.0, 138.5)), ("Mindanao", "PH", (7.5, 125.0)), ("Luzon", "PH", (16.0, 121.0)),
    ("Sicily", "IT", (37.6, 14.1)), ("Sardinia", "IT", (40.1, 9.0)), ("Tenerife", "ES", (28.29, -16.6)),
    ("Mallorca", "ES", (39.6, 2.95)), ("Majorca", "ES", (39.6, 2.95)),
])
def test_a_large_island_is_found_with_a_point_and_outranks_a_village_of_its_name(
        gazetteer: Gazetteer, name: str, country: str | None, point: tuple[float, float]) -> None:
    """Islands carry no GeoNames id (none known for sure, see features.tsv) but a point and a population."""
    island = next(c for c in gazetteer.lookup(name) if c.feature_code == "ISL")
    assert island.country_code == country and km(island.lat, island.lon, *point) < 1
    assert island.population >= max((c.population for c in gazetteer.lookup(name) if c.feature_class == "P"),
                                    default=0)


def test_greenland_and_the_english_ceremonial_counties_have_points(gazetteer: Gazetteer) -> None:
    (greenland,) = [c for c in gazetteer.lookup("Greenland") if c.feature_code == "PCLI"]
    assert greenland.geonameid == 3425505 and greenland.lat is not None
    berkshire = next(c for c in gazetteer.lookup("Berkshire") if c.country_code == "GB")
    assert berkshire.geonameid is None and km(berkshire.lat, berkshire.lon, 51.45, -1.1) < 1


PARAGRAPHS = [
    {"id": "us", "text": "Sheriffs in Cook County met officials on Monday to talk about flooding in "
                         "Harris County, Texas."},
    {"id": "oc", "text": "Wildfires forced thousands from their homes in Orange County on Monday."},
    {"id": "uk", "text": "Police in Oxfordshire and Kent said the roads to Berkshire would reopen."},
    {"id": "islands", "text": "Storms hit Sumatra on Monday. Ferries to Java and Borneo stopped, and typhoons hit "
                              "Luzon and Mindanao. Flights to Tenerife resumed."},
    {"id": "disputed", "text": "Officials in Tskhinvali met. Protests continued in Srinagar and Muzaffarabad. "
                               "In Taipei, the mood was calm, and Laayoune was quiet."},
]
EXPECTED = {  # (article, mention) -> (geonameid, disputed)
    ("us", "Cook County"): (4888671, []), ("oc", "Orange County"): (5379524, []),
    ("us", "Harris County"): (4696376, []), ("uk", "Oxfordshire"): (2640726, []),
    ("uk", "Kent"): (3333158, []), ("uk", "Berkshire"): (None, []),
    ("islands", "Java"): (None, []), ("islands", "Sumatra"): (None, []), ("islands", "Borneo"): (None, []),
    ("islands", "Luzon"): (None, []),
    ("islands", "Mindanao"): (None, []), ("islands", "Tenerife"): (None, []),
    ("disputed", "Tskhinvali"): (611403, ["GE", "RU"]), ("disputed", "Srinagar"): (1255634, ["IN", "PK"]),
    ("disputed", "Muzaffarabad"): (1169607, ["PK", "IN"]), ("disputed", "Taipei"): (1668341, ["TW", "CN"]),
    ("disputed", "Laayoune"): (2462881, ["MA", "EH"]),
}


def test_enrich_jsonl_resolves_divisions_islands_and_disputed_places(gazetteer_file: Path) -> None:
    """End to end: the command users run, on short paragraphs, against the built index."""
    newsflow = Path(sys.executable).with_name("newsflow")
    env = {**os.environ, "NEWSFLOW_GAZETTEER_PATH": str(gazetteer_file),
           "NEWSFLOW_VAR_DIR": str(gazetteer_file.parent)}
    done = subprocess.run([str(newsflow), "enrich", "--jsonl"], input="\n".join(map(json.dumps, PARAGRAPHS)),
                          capture_output=True, text=True, env=env, timeout=300, check=True)
    found = {(row["id"], place["text"]): (place["geonameid"], place["disputed"], place["lat"])
             for row in map(json.loads, done.stdout.splitlines()) for place in row["places"]}
    for mention, (geonameid, disputed) in EXPECTED.items():
        assert mention in found, mention
        assert found[mention][:2] == (geonameid, disputed) and found[mention][2] is not None, mention
