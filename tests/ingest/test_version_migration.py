"""The migration to one number per (article, version) renumbers what concurrent workers numbered twice."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

import shared.db

MIGRATIONS = Path(shared.db.__file__).parent / "migrations"
KILL = '{"format": "ninjs", "pubstatus": "canceled"}'


def _migrate(url: str, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, revision)


@pytest.fixture(params=["postgresql", "sqlite"])
def before_the_fix(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database migrated only as far as the schema without the unique version number."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/old.db"
    else:
        from tests.conftest import PG_ADMIN_URL, _admin_engine

        name = f"newsflow_t_mig_{tmp_path.name[-8:].replace('-', '_')}"
        admin = _admin_engine()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        request.addfinalizer(lambda: _drop(admin, name))
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    _migrate(url, "0002")
    return url


def _drop(admin: sa.Engine, name: str) -> None:
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_versions_numbered_twice_are_renumbered_in_the_order_they_were_made(before_the_fix: str) -> None:
    """Given versions numbered 1, 1, 2, 2 (made in that order), when migrated, then they are 1, 2, 3, 4; and the
    kill notice among the submissions keeps its pubstatus in the new column."""
    engine = sa.create_engine(before_the_fix)
    made = [("v-a", 1, "2026-11-30 10:00:00"), ("v-b", 1, "2026-11-30 10:00:01"),
            ("v-c", 2, "2026-11-30 10:00:02"), ("v-d", 2, "2026-11-30 10:00:03")]
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO article (id, source, guid, status, pubstatus, created_at, updated_at) "
                             "VALUES ('a1', 'wire', 'g1', 'published', 'usable', :t, :t)"), {"t": made[0][2]})
        for version_id, number, moment in made:
            conn.execute(sa.text(
                "INSERT INTO submission (id, article_id, content_hash, content_type, payload, received_at) "
                "VALUES (:s, 'a1', :s, 'application/json', :p, :t)"),
                {"s": f"s-{version_id}", "t": moment, "p": KILL if version_id == "v-d" else "{}"})
            conn.execute(sa.text(
                "INSERT INTO article_version (id, article_id, submission_id, number, headline, body_text, body_html,"
                " summary, captions, alternate_urls, language, pubstatus, created_at) VALUES (:v, 'a1', :s, :n,"
                " 'H', 'B', 'B', '', '[]', '[]', 'en', 'usable', :t)"),
                {"v": version_id, "s": f"s-{version_id}", "n": number, "t": moment})

    _migrate(before_the_fix, "head")

    with engine.connect() as conn:
        numbers = dict(conn.execute(sa.text("SELECT id, number FROM article_version")).tuples().all())
        statuses = dict(conn.execute(sa.text("SELECT id, pubstatus FROM submission")).tuples().all())
    engine.dispose()
    assert numbers == {"v-a": 1, "v-b": 2, "v-c": 3, "v-d": 4}
    assert statuses == {"s-v-a": "usable", "s-v-b": "usable", "s-v-c": "usable", "s-v-d": "canceled"}
