"""The feed tests' shared pieces: one local feed server per module, and settings that let polls reach it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.feeds.server import FeedServer


@pytest.fixture(scope="module")
def server() -> Iterator[FeedServer]:
    """A local feed server (threads, port 0) for the module; each test serves its own paths."""
    running = FeedServer().start()
    yield running
    running.close()


@pytest.fixture()
def feeds_db(embedded, configure) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The embedded setup, with the local server allowlisted (it is a loopback address) and no host gap."""
    return configure(outbound_allowlist="127.0.0.1", feed_host_gap="0", feed_contact_url="https://ops.example/feeds",
                     feed_deployment="newsflow-tests")
