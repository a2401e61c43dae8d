"""Real services for the suite: a fresh PostgreSQL database, a clean Redis database, settings per test.

Nothing here mocks our own code: tests that depend on the database or the broker get the real ones.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa

from shared import logging as newsflow_logging
from shared import state
from shared.db import upgrade
from shared.settings import Settings
from tests.browser import browser  # noqa: F401 - the headless Chromium fixture, for every test folder

# In CI (NEWSFLOW_CI or CI set) a skip is a failure; pytester runs the plugin's own test.
pytest_plugins = ["tests.no_skips", "pytester"]
ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("NEWSFLOW_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _redis_url() -> str:
    """The suite's Redis database; each pytest-xdist worker (gw0, gw1, …) has its own, since fixtures empty it."""
    url = os.environ.get("NEWSFLOW_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    base, database = url.rsplit("/", 1)
    return f"{base}/{(int(database) + 8 * worker) % 16}"


REDIS_URL = _redis_url()
GAZETTEER = Settings().gazetteer_file
# Every logger in this process stays visible to structlog.testing.capture_logs, whichever test used it first.
newsflow_logging.CACHE_LOGGERS = False


def _admin_engine() -> sa.Engine:
    return sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def gazetteer_path() -> Path:
    """The gazetteer index built by `make install` (built here if missing)."""
    from services.enrich.gazetteer.build import ensure_built

    ensure_built(GAZETTEER)
    return GAZETTEER


@contextmanager
def new_pg_database() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped on leaving."""
    name = f"newsflow_t_{uuid.uuid4().hex[:10]}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        state.reset()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture()
def pg_database() -> Iterator[str]:
    """A new, migrated PostgreSQL database, dropped afterwards."""
    with new_pg_database() as url:
        upgrade(url)
        yield url


@pytest.fixture()
def redis_broker() -> Iterator[str]:
    """A Redis database emptied before and after the test."""
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()


@pytest.fixture()
def configure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Set NEWSFLOW_* variables for this test and make every per-process object (shared/state.py) read them afresh."""

    def apply(**values: str) -> dict[str, str]:
        env = {"NEWSFLOW_VAR_DIR": str(tmp_path / "var"), "NEWSFLOW_LOG_FORMAT": "json"}
        env |= {f"NEWSFLOW_{key.upper()}": value for key, value in values.items()}
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        state.reset()
        return env

    yield apply
    state.reset()


@pytest.fixture()
def pg_redis(configure, pg_database: str, redis_broker: str, gazetteer_path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Settings for the production stack: PostgreSQL + Redis."""
    return configure(database_url=pg_database, broker_url=redis_broker, gazetteer_path=str(gazetteer_path))


@pytest.fixture()
def embedded(configure, tmp_path: Path, gazetteer_path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Settings for the embedded default: SQLite database and SQLite broker under a temporary var/."""
    var = tmp_path / "var"
    env = configure(database_url=f"sqlite:///{var}/newsflow.db", broker_url=f"sqla+sqlite:///{var}/broker.db",
                    gazetteer_path=str(gazetteer_path))
    upgrade()
    return env


@pytest.fixture()
def rabbit_broker() -> Iterator[str]:
    """A private vhost on the machine's RabbitMQ (guest may use it), deleted afterwards: its amqp:// URL."""
    from tests.faults.servers import RabbitVhost

    vhost = RabbitVhost().start()
    yield vhost.url
    vhost.close()


@pytest.fixture()
def pg_rabbitmq(configure, pg_database: str, rabbit_broker: str, gazetteer_path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Settings for the production stack on RabbitMQ: PostgreSQL + RabbitMQ quorum queues."""
    return configure(database_url=pg_database, broker_url=rabbit_broker, gazetteer_path=str(gazetteer_path))
