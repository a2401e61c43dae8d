"""Search against both engines: one migrated database per engine and test module, loaded in bulk once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from services.api import create_api, producer_app
from shared import state
from shared.db import get_engine, upgrade
from tests.conftest import GAZETTEER, PG_ADMIN_URL, _admin_engine

ENGINES = ["sqlite", "postgresql"]


@pytest.fixture(scope="module", params=ENGINES)
def engine_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, configured database of each engine for the whole module (SQLite file or PostgreSQL)."""
    var: Path = tmp_path_factory.mktemp("search")
    name = f"newsflow_t_{uuid.uuid4().hex[:10]}"
    url = f"sqlite:///{var}/newsflow.db"
    if request.param == "postgresql":
        with _admin_engine().connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with pytest.MonkeyPatch.context() as patch:
        for key, value in {"DATABASE_URL": url, "VAR_DIR": str(var), "LOG_FORMAT": "json",
                           "BROKER_URL": f"sqla+sqlite:///{var}/broker.db", "GAZETTEER_PATH": str(GAZETTEER)}.items():
            patch.setenv(f"NEWSFLOW_{key}", value)
        state.reset()
        upgrade(url)
        yield url
        state.reset()
    if request.param == "postgresql":
        with _admin_engine().connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="module")
def client(engine_url: str) -> Iterator[TestClient]:
    """The HTTP app (no relay loop) on the module's database."""
    producer_app.cache_clear()
    yield TestClient(create_api(relay=False))
    producer_app.cache_clear()


def write(stories: list) -> list[str]:  # type: ignore[type-arg]
    """Load stories into the configured database in one transaction; their article ids."""
    from benchmarks.harness.stories import load

    with get_engine().begin() as connection:
        return load(connection, stories)
