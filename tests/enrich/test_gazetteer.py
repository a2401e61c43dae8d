"""The gazetteer index: built from the data packages, read-only lookups, safe concurrent builds."""

from __future__ import annotations

import multiprocessing
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from services.enrich.gazetteer.build import ensure_built, is_current, source_version
from services.enrich.gazetteer.index import Gazetteer
from services.enrich.gazetteer.store import DEMONYM, SCHEMA_VERSION
from services.enrich.resolution.distance import km as distance_km


def test_lookup_finds_a_capital_by_its_name(gazetteer: Gazetteer) -> None:
    manila = {c.geonameid: c for c in gazetteer.lookup("Manila")}[1701668]
    assert (manila.country_code, manila.feature_code) == ("PH", "PPLC")
    assert abs(manila.lat - 14.6042) < 0.01 and abs(manila.lon - 120.9822) < 0.01


def test_lookup_ignores_case_and_accents(gazetteer: Gazetteer) -> None:
    accented = {c.geonameid for c in gazetteer.lookup("MONTRÉAL")}
    assert accented and accented == {c.geonameid for c in gazetteer.lookup("montreal")}


def test_demonym_points_at_its_country(gazetteer: Gazetteer) -> None:
    (russia,) = [c for c in gazetteer.lookup("Russian") if c.kind == DEMONYM]
    assert (russia.geonameid, russia.feature_code) == (2017370, "PCLI")


def test_hand_written_features_carry_disputes(gazetteer: Gazetteer) -> None:
    (crimea,) = gazetteer.lookup("Crimea")
    assert crimea.geonameid == 703883 and crimea.disputed == ("UA", "RU")
    assert gazetteer.lookup("Black Sea")[0].feature_class == "H"


def test_us_states_answer_to_newsroom_abbreviations(gazetteer: Gazetteer) -> None:
    assert [c.name for c in gazetteer.lookup("Calif.")] == ["California"]


def test_unknown_name_has_no_candidates(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Qwxzvillebergstadt") == ()


def test_ensure_built_keeps_an_existing_index(gazetteer_file: Path) -> None:
    before = gazetteer_file.stat().st_mtime_ns
    assert ensure_built(gazetteer_file) == gazetteer_file
    assert gazetteer_file.stat().st_mtime_ns == before


def _build_in_child(path: str) -> None:
    ensure_built(Path(path))


def test_processes_starting_together_replace_a_stale_index_once(tmp_path: Path) -> None:
    """Given an index of an older layout, when three workers start at once, then one current file results."""
    target = tmp_path / "var" / "gazetteer.sqlite"
    target.parent.mkdir()
    with closing(sqlite3.connect(target)) as stale:
        stale.executescript("CREATE TABLE meta (key TEXT, value TEXT);"
                            "INSERT INTO meta VALUES ('schema_version', '0');")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_build_in_child, args=(str(target),)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    assert is_current(target) and int(Gazetteer(target).meta()["places"]) > 100_000
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("name, country, lat, lon", [
    ("Ontario", "CA", 49.25, -84.5), ("Quebec", "CA", 52.0, -72.0), ("British Columbia", "CA", 54.0, -125.0)])
def test_a_large_province_sits_at_its_reference_point_not_among_its_border_towns(
        gazetteer: Gazetteer, name: str, country: str, lat: float, lon: float) -> None:
    """Given a province whose towns crowd one edge, then its point is within 161 km of GeoNames' reference."""
    (province,) = [c for c in gazetteer.lookup(name) if c.country_code == country and c.feature_code == "ADM1"]
    assert province.lat is not None and province.lon is not None
    assert distance_km(province.lat, province.lon, lat, lon) < 161


def _meta_only_index(path: Path, source: str) -> Path:
    with closing(sqlite3.connect(path)) as index, index:
        index.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        index.executemany("INSERT INTO meta VALUES (?, ?)", [("schema_version", SCHEMA_VERSION),
                                                             ("source_version", source)])
    return path


def test_an_index_built_from_other_tables_or_data_is_stale(tmp_path: Path) -> None:
    """Given an index of today's layout built from other inputs, then it is not current (and would be rebuilt)."""
    assert not is_current(_meta_only_index(tmp_path / "old.sqlite", "0" * 16))
    assert is_current(_meta_only_index(tmp_path / "new.sqlite", source_version()))


def test_editing_a_hand_written_table_changes_the_source_version(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Given a copy of the tables, when features.tsv gains a row, then the fingerprint differs."""
    from services.enrich.gazetteer import countries

    for table in countries.HERE.glob("*.tsv"):
        (tmp_path / table.name).write_bytes(table.read_bytes())
    monkeypatch.setattr(countries, "HERE", tmp_path)
    before = source_version.__wrapped__()
    with (tmp_path / "features.tsv").open("a", encoding="utf-8") as features:
        features.write("\tNew Island\t\tXX\tT\tISL\t1.0\t2.0\t0\n")
    assert source_version.__wrapped__() != before
