"""Disputed territories: every place inside one carries all the parties, from the table and by containment."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from services.enrich.gazetteer.disputes import flag_places, inside, parse_rule, read_disputes
from services.enrich.gazetteer.index import Candidate, Gazetteer
from services.enrich.gazetteer.store import IndexWriter, Record

DISPUTES = read_disputes()


def _place(gazetteer: Gazetteer, name: str, geonameid: int) -> Candidate:
    return {c.geonameid: c for c in gazetteer.lookup(name)}[geonameid]


# territory (a row of disputes.tsv), a town inside it looked up by the name news uses, its GeoNames id
TOWNS_INSIDE = [
    ("Crimea", "Simferopol", 693805), ("Sevastopol", "Sevastopol", 694423),
    ("Donetsk Oblast", "Mariupol", 701822), ("Donetsk Oblast", "Kramatorsk", 704508),
    ("Luhansk Oblast", "Luhansk", 702658), ("Zaporizhzhia Oblast", "Melitopol", 701404),
    ("Kherson Oblast", "Nova Kakhovka", 699839), ("Abkhazia", "Sukhumi", 611847),
    ("South Ossetia", "Tskhinvali", 611403), ("Transnistria", "Tiraspol", 617239),
    ("Transnistria", "Bender", 618577), ("Northern Cyprus", "Kyrenia", 146412),
    ("Northern Cyprus", "Famagusta", 146617), ("Kosovo", "Pristina", 786714), ("Taiwan", "Taipei", 1668341),
    ("Taiwan", "Kaohsiung", 1673820), ("Western Sahara", "Laayoune", 2462881),
    ("Western Sahara", "Smara", 2461874), ("Jammu and Kashmir", "Srinagar", 1255634),
    ("Ladakh", "Leh", 1264976), ("Azad Kashmir", "Muzaffarabad", 1169607),
    ("Gilgit-Baltistan", "Gilgit", 1178338), ("Arunachal Pradesh", "Itanagar", 1269655),
    ("Golan Heights", "Katzrin", 443093), ("Golan Heights", "Majdal Shams", 167444),
    ("West Bank", "Ramallah", 282239), ("West Bank", "Ariel", 8199394),
    ("East Jerusalem", "East Jerusalem", 7303419), ("East Jerusalem", "Jerusalem", 281184),
    ("Gaza Strip", "Gaza", 281133), ("Falkland Islands", "Stanley", 3426691),
    ("Gibraltar", "Gibraltar", 2411585), ("Ceuta", "Ceuta", 6362987), ("Melilla", "Melilla", 2513947),
    ("Mayotte", "Mamoudzou", 921815), ("Guayana Esequiba", "Bartica", 3379507),
    ("Kuril Islands", "Yuzhno-Kurilsk", 2119447), ("Kuril Islands", "Kurilsk", 2123979),
    ("Paracel Islands", "Sansha", 12382279), ("Abyei", "Abyei", 380308),
    ("Nagorno-Karabakh", "Stepanakert", 146970),
]
# the other names news uses for a territory or a feature inside one (China's name for Arunachal Pradesh, the
# Philippines' for Second Thomas Shoal, Japan's for Iturup): each finds the place with all its parties
OTHER_NAMES = [("Zangnan", "Arunachal Pradesh"), ("South Tibet", "Arunachal Pradesh"),
               ("Ayungin Shoal", "Second Thomas Shoal"), ("Etorofu", "Kuril Islands"), ("Iturup", "Kuril Islands")]
# territories with no town of cities500 inside: the territory's own record carries the parties
TERRITORIES_ONLY = ["Donbas", "Kashmir", "Aksai Chin", "Shaksgam Valley", "Kalapani", "Shebaa Farms",
                    "Spratly Islands", "Scarborough Shoal", "Senkaku Islands", "Liancourt Rocks", "Hala'ib Triangle",
                    "Ilemi Triangle", "Second Thomas Shoal", "Neelum Valley", "Woody Island", "Pratas Islands",
                    "Galwan Valley"]
# towns just outside a disputed territory, or in a country whose dispute covers another part of it
TOWNS_OUTSIDE = [("Nicosia", 146268), ("Limassol", 146384), ("Kyiv", 703448), ("Tbilisi", 611717),
                 ("Gori", 614455), ("Chisinau", 618426), ("Tel Aviv", 293397), ("Haifa", 294801),
                 ("Quneitra", 173334), ("Sapporo", 2128295), ("Shalateen", 8555994), ("Georgetown", 3378644),
                 ("Rabat", 2538475), ("Belgrade", 792680), ("Beijing", 1816670), ("Islamabad", 1176615),
                 ("New Delhi", 1261481), ("Baku", 587084)]


def _parties(territory: str) -> tuple[str, ...]:
    return next(d.parties for d in DISPUTES if d.name == territory)


@pytest.mark.parametrize("territory, town, geonameid", TOWNS_INSIDE)
def test_a_town_inside_a_disputed_territory_carries_all_its_parties(
        gazetteer: Gazetteer, territory: str, town: str, geonameid: int) -> None:
    assert _place(gazetteer, town, geonameid).disputed == _parties(territory)


@pytest.mark.parametrize("territory", TERRITORIES_ONLY + [
    "Crimea", "Abkhazia", "South Ossetia", "Transnistria", "Northern Cyprus", "Golan Heights", "West Bank",
    "East Jerusalem", "Gaza Strip", "Kuril Islands", "Paracel Islands", "Abyei", "Guayana Esequiba"])
def test_a_disputed_territory_answers_to_its_name_with_all_its_parties(gazetteer: Gazetteer,
                                                                        territory: str) -> None:
    found = [c for c in gazetteer.lookup(territory) if c.disputed == _parties(territory)]
    assert found and found[0].lat is not None


@pytest.mark.parametrize("name, territory", OTHER_NAMES)
def test_another_name_of_a_disputed_place_finds_it_with_all_its_parties(gazetteer: Gazetteer, name: str,
                                                                        territory: str) -> None:
    found = [c for c in gazetteer.lookup(name) if c.disputed == _parties(territory)]
    assert found and found[0].lat is not None, gazetteer.lookup(name)


def test_every_active_row_is_covered_by_these_tests_and_flags_something(gazetteer_file: Path) -> None:
    """A row added to disputes.tsv without a town or territory test here fails, as does a rule matching nothing."""
    tested = {t for t, _, _ in TOWNS_INSIDE} | set(TERRITORIES_ONLY)
    with closing(sqlite3.connect(gazetteer_file)) as conn:
        for dispute in DISPUTES:
            if not dispute.active:
                continue
            assert dispute.name in tested or dispute.point is None and any(
                r.kind in ("country", "admin") for r in dispute.rules), dispute.name
            for rule in dispute.rules:
                if rule.kind in ("country", "admin"):
                    sql = "SELECT count(*) FROM place WHERE country_code = ? AND disputed != ''"
                    args = [rule.country]
                    if rule.kind == "admin":
                        sql, args = sql + " AND admin1 = ?", [*args, rule.admin1]
                    assert conn.execute(sql, args).fetchone()[0] > 0, (dispute.name, rule)


def test_a_whole_country_claimed_by_another_is_flagged_with_its_towns(gazetteer: Gazetteer) -> None:
    """Taiwan (claimed by China) and Kosovo (claimed by Serbia): the country itself and every place in it."""
    (taiwan,) = [c for c in gazetteer.lookup("Taiwan") if c.feature_code == "PCLI"]
    (kosovo,) = [c for c in gazetteer.lookup("Kosovo") if c.feature_code == "PCLI"]
    assert (taiwan.disputed, kosovo.disputed) == (("TW", "CN"), ("XK", "RS"))


@pytest.mark.parametrize("town, geonameid", TOWNS_OUTSIDE)
def test_a_town_outside_every_disputed_territory_is_not_flagged(gazetteer: Gazetteer, town: str,
                                                                geonameid: int) -> None:
    assert _place(gazetteer, town, geonameid).disputed == ()


def test_nagorno_karabakh_and_its_towns_carry_both_parties(gazetteer: Gazetteer) -> None:
    """Under Azerbaijani control since 2023, but no peace treaty is in force and Armenia's constitution still cites
    the 1989 act on reunification: the region and the towns of the former autonomous oblast are flagged AZ,AM;
    Azerbaijan's other towns are not."""
    assert [c.disputed for c in gazetteer.lookup("Nagorno-Karabakh")] == [("AZ", "AM")]
    assert _place(gazetteer, "Khankendi", 146970).disputed == ("AZ", "AM")
    assert [c.disputed for c in gazetteer.lookup("Baku") if c.feature_code == "PPLC"] == [()]
    assert [c.disputed for c in gazetteer.lookup("Ganja") if c.country_code == "AZ" and c.feature_class == "P"] \
        == [()]


def test_a_resolved_dispute_is_kept_for_the_record_and_flags_nothing(tmp_path: Path) -> None:
    writer = IndexWriter(tmp_path / "g.sqlite")
    writer.add([Record(1, "Borderton", "AA", "01", 10.0, 10.0, "P", "PPL")])
    tsv = tmp_path / "d.tsv"
    tsv.write_text("Old\t\t\tAA\t\t\t\t\tAA\tAA,BB\tresolved\tadmin:AA.01\ts\n", encoding="utf-8")
    assert flag_places(writer.conn, read_disputes(str(tsv))) == 0
    assert writer.conn.execute("SELECT disputed FROM place").fetchone() in ((None,), ("",))
    writer.abort()


def test_a_place_in_two_disputed_territories_gets_the_parties_of_both(tmp_path: Path) -> None:
    writer = IndexWriter(tmp_path / "g.sqlite")
    writer.add([Record(1, "Borderton", "AA", "01", 10.0, 10.0, "P", "PPL")])
    tsv = tmp_path / "d.tsv"
    tsv.write_text("One\t\t\tAA\t\t\t\t\tAA\tAA,BB\tactive\tadmin:AA.01\ts\n"
                   "Two\t\t\tAA\t\t\t\t\tAA\tAA,CC\tactive\tarea[AA]:9 9, 9 11, 11 11, 11 9\ts\n", encoding="utf-8")
    assert flag_places(writer.conn, read_disputes(str(tsv))) == 1
    assert writer.conn.execute("SELECT disputed FROM place").fetchone() == ("AA,BB,CC",)
    writer.abort()


def test_polygon_containment_by_ray_casting() -> None:
    square = ((0.0, 0.0), (0.0, 10.0), (10.0, 10.0), (10.0, 0.0))
    assert inside((5.0, 5.0), square) and not inside((5.0, 10.5), square) and not inside((-1.0, 5.0), square)


@pytest.mark.parametrize("text", ["admin:UA", "country:Kosovo", "place:abc", "area[IL]:1 2, 3 4", "polygon:1 2"])
def test_an_unreadable_rule_is_refused_by_name(text: str) -> None:
    with pytest.raises(ValueError, match="unreadable rule"):
        parse_rule(text)


def test_a_malformed_row_names_the_table_and_the_row(tmp_path: Path) -> None:
    tsv = tmp_path / "bad.tsv"
    tsv.write_text("Somewhere\t\t\tAA\t\t\t\t\tAA\tAA,BB\tmaybe\t\ts\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.tsv: row 1 \(Somewhere\): status must be active or resolved"):
        read_disputes(str(tsv))
