"""The feed tests' shared pieces: one local feed server per module, and a migrated database copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared import state
from shared.db import upgrade
from tests.feeds.server import FeedServer


@pytest.fixture(scope="module")
def server() -> Iterator[FeedServer]:
    """A local feed server (threads, port 0) for the module; each test serves its own paths."""
    running = FeedServer().start()
    yield running
    running.close()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded (SQLite) database migrated once per module; each test gets a copy (migrating takes ~1 s)."""
    path = tmp_path_factory.mktemp("feeds-db") / "newsflow.db"
    upgrade(f"sqlite:///{path}")
    state.reset()
    return path


@pytest.fixture()
def feeds_db(configure, migrated: Path, tmp_path: Path, gazetteer_path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The embedded setup on a fresh copy of the migrated database, the local server allowlisted (a loopback
    address), no host gap, and a contact URL."""
    var = tmp_path / "var"
    var.mkdir(exist_ok=True)
    shutil.copy(migrated, var / "newsflow.db")
    return configure(database_url=f"sqlite:///{var}/newsflow.db", broker_url=f"sqla+sqlite:///{var}/broker.db",
                     gazetteer_path=str(gazetteer_path), outbound_allowlist="127.0.0.1", feed_host_gap="0",
                     feed_contact_url="https://ops.example/feeds", feed_deployment="newsflow-tests")
