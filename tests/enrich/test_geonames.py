"""Importing the official GeoNames dump formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.enrich.gazetteer.geonames import import_dump
from services.enrich.gazetteer.index import Gazetteer


def _dump_line(*cells: object) -> str:
    return "\t".join(str(c) for c in cells) + "\n"


@pytest.fixture()
def dump(tmp_path: Path) -> Path:
    """A three-line allCountries-style file: a town, a division and a hotel (a class the import skips)."""
    path = tmp_path / "allCountries.txt"
    path.write_text(
        _dump_line(90000001, "Brindlemoor", "Brindlemoor", "Brindle Moor,BRM", 51.25, -2.5, "P", "PPL", "GB",
                   "", "ENG", "", "", "", 4200, "", 60, "Europe/London", "2024-01-01")
        + _dump_line(90000002, "Wexshire", "Wexshire", "", 51.3, -2.4, "A", "ADM2", "GB",
                     "", "ENG", "", "", "", 80000, "", 70, "Europe/London", "2024-01-01")
        + _dump_line(90000003, "Brindlemoor Hotel", "Brindlemoor Hotel", "", 51.25, -2.5, "S", "HTL", "GB",
                     "", "ENG", "", "", "", 0, "", 60, "Europe/London", "2024-01-01"),
        encoding="utf-8")
    return path


def test_import_reads_the_nineteen_column_format(dump: Path, tmp_path: Path) -> None:
    target = import_dump(dump, tmp_path / "full.sqlite")
    (town,) = Gazetteer(target).lookup("Brindlemoor")
    assert (town.geonameid, town.country_code, town.admin1, town.population) == (90000001, "GB", "ENG", 4200)
    assert (town.lat, town.lon, town.feature_code) == (51.25, -2.5, "PPL")


def test_import_keeps_alternate_names_and_skips_other_classes(dump: Path, tmp_path: Path) -> None:
    gazetteer = Gazetteer(import_dump(dump, tmp_path / "full.sqlite"))
    assert [c.geonameid for c in gazetteer.lookup("Brindle Moor")] == [90000001]
    assert gazetteer.lookup("Brindlemoor Hotel") == ()
    assert gazetteer.lookup("BRM") == ()  # codes are not names


def test_import_adds_admin_codes_and_alternate_names(dump: Path, tmp_path: Path) -> None:
    admin = tmp_path / "admin1CodesASCII.txt"
    admin.write_text("GB.ENG\tEngland Region\tEngland Region\t90000002\n", encoding="utf-8")
    alternates = tmp_path / "alternateNamesV2.txt"
    alternates.write_text("1\t90000001\ten\tOld Brindle\t\t\t\t\t\t\n"
                          "2\t90000001\ten\tBrindleham\t\t\t\t1\t\t\n"
                          "3\t90000001\tabbr\tBMR\t\t\t\t\t\t\n", encoding="utf-8")
    gazetteer = Gazetteer(import_dump(dump, tmp_path / "full.sqlite", admin_codes=admin,
                                      alternate_names=alternates))
    assert [c.geonameid for c in gazetteer.lookup("Old Brindle")] == [90000001]
    assert [c.geonameid for c in gazetteer.lookup("BMR")] == [90000001]
    assert gazetteer.lookup("Brindleham") == ()  # historic names stay out
    assert [c.geonameid for c in gazetteer.lookup("England Region")] == [90000002]


def test_import_keeps_packaged_countries(dump: Path, tmp_path: Path) -> None:
    gazetteer = Gazetteer(import_dump(dump, tmp_path / "full.sqlite"))
    assert 2017370 in {c.geonameid for c in gazetteer.lookup("Russia")}


def test_a_malformed_dump_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("1\tToo short\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.txt:1"):
        import_dump(bad, tmp_path / "x.sqlite")
    assert not (tmp_path / "x.sqlite").exists()


def test_import_flags_places_inside_disputed_territories(tmp_path: Path) -> None:
    """The full dump gets the same containment as the packaged index: a Crimean town carries both parties."""
    path = tmp_path / "allCountries.txt"
    path.write_text(_dump_line(90000010, "Sudakville", "Sudakville", "", 44.85, 34.97, "P", "PPL", "UA",
                               "", "11", "", "", "", 15000, "", 60, "Europe/Simferopol", "2024-01-01"),
                    encoding="utf-8")
    gazetteer = Gazetteer(import_dump(path, tmp_path / "full.sqlite"))
    assert [c.disputed for c in gazetteer.lookup("Sudakville")] == [("UA", "RU")]
