"""Migration 0008 on a database that already holds articles: their words and places become searchable."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from services.publish.search.filters import read_filters
from services.publish.search.listing import find
from shared.db import make_engine, upgrade
from shared.models.base import utcnow
from tests.conftest import new_pg_database

MIGRATIONS = Path(upgrade.__code__.co_filename).parent / "migrations"
TOWN = {"geonameid": 710791, "name": "Bila Tserkva", "country_code": "UA", "lat": 49.79, "lon": 30.13,
        "admin1_code": "13", "feature_code": "PPL"}
DIVISION = {"geonameid": 703446, "name": "Kyiv Oblast", "country_code": "UA", "lat": 50.05, "lon": 30.77,
            "admin1_code": "13", "feature_code": "ADM1"}


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/old.db"
        return
    with new_pg_database() as url:
        yield url


def _old_article(engine: sa.Engine, headline: str, place: dict) -> str:  # type: ignore[type-arg]
    """One published article naming one place, written as revision 0006 stored it (no admin1 on the place)."""
    article, submission, version, now = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4()), utcnow()
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO article (id, source, guid, status, pubstatus, current_version_id, "
                             "created_at, updated_at, published_at) VALUES (:a, 'wire', :a, 'published', 'usable', "
                             ":v, :now, :now, :now)"), {"a": article, "v": version, "now": now})
        conn.execute(sa.text("INSERT INTO submission (id, article_id, content_hash, content_type, pubstatus, payload,"
                             " received_at) VALUES (:s, :a, :s, 'text/plain', 'usable', '{}', :now)"),
                     {"s": submission, "a": article, "now": now})
        conn.execute(sa.text("INSERT INTO article_version (id, article_id, submission_id, number, headline, "
                             "body_text, body_html, summary, captions, alternate_urls, language, pubstatus, "
                             "enrichment, created_at) VALUES (:v, :a, :s, 1, :h, :b, '', '', '[]', '[]', 'en', "
                             "'usable', :e, :now)"),
                     {"v": version, "a": article, "s": submission, "h": headline, "now": now,
                      "b": f"Quiet night in {place['name']}.",
                      "e": json.dumps({"schema_version": 1, "places": [place | {"mentions": []}]})})
        conn.execute(sa.text("INSERT INTO place (geonameid, name, country_code, lat, lon, feature_code, disputed) "
                             "VALUES (:geonameid, :name, :country_code, :lat, :lon, :feature_code, '[]')"), place)
        conn.execute(sa.text("INSERT INTO mention (version_id, kind, place_geonameid, text, start, \"end\") "
                             "VALUES (:v, 'place', :g, :n, 0, 5)"), {"v": version, "g": place["geonameid"],
                                                                    "n": place["name"]})
    return article


def test_upgrading_makes_existing_articles_searchable_by_words_and_by_their_division(url) -> None:  # type: ignore[no-untyped-def]
    """Given an article stored before search existed, when 0008 runs, then its words are indexed and its place
    knows its first-level division (from the enrichment), so the division's search contains it; and the
    migration downgrades cleanly."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "0006_firstcreated")
    engine = make_engine(url)
    town = _old_article(engine, "Ceasefire holds", TOWN)
    division = _old_article(engine, "Budget passed", DIVISION)

    upgrade(url)

    with sa.orm.Session(engine) as session:
        by_words = find(session, read_filters(q="ceasefire quiet"), ("id",), 10)
        by_division = find(session, read_filters(place="703446", include="contained"), ("id",), 10)
    assert [r["id"] for r in by_words.results] == [town]
    assert {r["id"] for r in by_division.results} == {town, division}
    if engine.dialect.name == "postgresql":  # 0010: the vector is kept in the row, not in the TOAST table
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT attstorage FROM pg_attribute WHERE attname = 'search_vector' AND "
                                        "attrelid = 'article_version'::regclass")).scalar_one() == "m"
            # 0011/0012: existing articles keep their date; their versions carry it (filled, and by trigger after)
            assert conn.execute(sa.text("SELECT count(*) FROM article_version v JOIN article a ON a.id = "
                                        "v.article_id WHERE v.listed_at IS DISTINCT FROM a.listed_at "
                                        "OR a.listed_at IS NULL")).scalar_one() == 0
    command.downgrade(config, "0006_firstcreated")
    assert "admin1_code" not in {c["name"] for c in sa.inspect(engine).get_columns("place")}
    engine.dispose()


# SQLite's migration is one transaction: a killed run leaves nothing behind, so only PostgreSQL's is tried here
@pytest.mark.parametrize("url", ["postgresql"], indirect=True)
def test_an_upgrade_killed_half_way_on_postgresql_is_finished_by_running_it_again(url) -> None:  # type: ignore[no-untyped-def]
    """Given a database where a killed 0008 left its columns and an INVALID concurrent index behind (fresh-eyes
    finding: every later upgrade then failed on the existing column), when the upgrade runs again, then it
    completes, the index is valid, and the old articles are searchable."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "0007_feeds")
    engine = make_engine(url)
    town = _old_article(engine, "Ceasefire holds", TOWN)
    _old_article(engine, "Budget passed", DIVISION)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("ALTER TABLE place ADD COLUMN admin1_code VARCHAR(20)"))
        conn.execute(sa.text("ALTER TABLE article_version ADD COLUMN search_vector tsvector"))
        with pytest.raises(sa.exc.IntegrityError):  # a concurrent build that fails half-way stays, INVALID
            conn.execute(sa.text("CREATE UNIQUE INDEX CONCURRENTLY ix_place_lat_lon ON place (country_code)"))

    upgrade(url)

    with engine.connect() as conn:
        valid = conn.execute(sa.text("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                     "WHERE c.relname = 'ix_place_lat_lon'")).scalar_one()
    with sa.orm.Session(engine) as session:
        by_words = find(session, read_filters(q="ceasefire quiet"), ("id",), 10)
    assert valid is True
    assert [r["id"] for r in by_words.results] == [town]
    engine.dispose()
