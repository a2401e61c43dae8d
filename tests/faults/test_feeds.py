"""Pull ingest under faults: a fetch worker killed outright and a broker restarted while feeds change.

Given three feeds on the local test server that grow over time, answer 304s, a 429 with Retry-After and a 500,
when the fetch worker is SIGKILLed mid-run, the broker restarts and a new fetch worker takes over, then every
item becomes exactly one article, published once; no request went out before its Retry-After or its host's
minimum gap; conditional headers went out whenever validators had been stored.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from services.ingest.feeds import registry
from shared.db import session_scope
from shared.models import Article
from tests.e2e.stack import wait_for
from tests.faults.conftest import DEFAULT_BROKER
from tests.faults.harness import Pipeline, running_pipeline
from tests.feeds.server import FeedServer, Reply, Seen, feed

GAP = 0.25  # NEWSFLOW_FEED_HOST_GAP: every feed here is on one host, 127.0.0.1
RETRY_AFTER = 2
CITIES = ["Manila", "Nairobi", "Lima", "Oslo", "Hanoi", "Quito", "Accra", "Dhaka", "Tbilisi", "Santiago"]
CLEAN = {"lost_at_exchange": 0, "lost_at_mirror": 0, "duplicated_at_exchange": 0, "duplicated_at_mirror": 0}


def item(guid: str) -> str:
    """The same text wherever the item stands in its feed: a change would be an edit (a new version)."""
    city = CITIES[sum(map(ord, guid)) % len(CITIES)]
    return (f"<item><title>Dock workers in {city} vote on deal {guid}</title>"
            f"<link>https://wire.example/{guid}</link><guid>{guid}</guid>"
            f"<description>{city.upper()} - Dock workers in {city} voted on Monday on a new wage deal, union "
            f"officials said. Ballot {guid} drew a record turnout.</description></item>")


def rss(*guids: str) -> str:
    listed = "".join(item(guid) for guid in guids)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            f"<link>https://wire.example/</link><description>d</description>{listed}</channel></rss>")


@pytest.fixture()
def pipeline(request: pytest.FixtureRequest, tmp_path: Path, gazetteer_path: Path) -> Iterator[Pipeline]:
    """The pipeline on the broker of this run's turn (every broker under ``make faults``), feeds polled often."""
    overrides = {"NEWSFLOW_FEED_MIN_INTERVAL": "1", "NEWSFLOW_FEED_HOST_GAP": str(GAP),
                 "NEWSFLOW_FEED_CLAIM_TTL": "6", "NEWSFLOW_FEED_CONTACT_URL": "https://ops.example/feeds"}
    broker = getattr(request, "param", DEFAULT_BROKER)
    with running_pipeline(tmp_path, gazetteer_path, overrides, broker=broker) as running:
        yield running


def start_fetch(pipeline: Pipeline) -> subprocess.Popen[bytes]:
    log = open(pipeline.stack.log_dir / "fetch.log", "ab")  # noqa: SIM115 - closed with the process
    return subprocess.Popen([sys.executable, "-m", "services.cli", "worker", "fetch", "--concurrency", "4"],
                            env=pipeline.env, stdout=log, stderr=subprocess.STDOUT)


def conditional_misses(seen: list[Seen]) -> int:
    """Requests after the path's first 200 that carried no If-None-Match (validators were not stored only if
    the poll that got them was killed before it committed)."""
    misses, answered = 0, False
    for request in seen:
        if answered and "if-none-match" not in request.headers:
            misses += 1
        answered = answered or request.status == 200
    return misses


# Brokers that keep their messages through a restart: the exchange is counted at a tap queue held in the broker,
# which Redis without persistence empties on restart (the reconciler's re-drive of such a loss is
# test_self_healing.py's Redis-restart test; the pipeline's own state survives it, the tap's messages cannot).
@pytest.mark.brokers("redis-aof", "rabbitmq")
def test_a_killed_fetch_worker_and_a_restarted_broker_lose_and_double_no_item(pipeline: Pipeline) -> None:
    server = FeedServer().start()
    fetch = start_fetch(pipeline)
    try:
        # Given three feeds that change over time: new items, 304s, a 429 with Retry-After, a 500
        paths = {
            "/a": server.serve("/a", feed(rss("a1", "a2")), feed(rss("a1", "a2")), feed(rss("a3", "a1", "a2")),
                               feed(rss("a4", "a3", "a1", "a2"))),
            "/b": server.serve("/b", feed(rss("b1")), Reply(429, b"slow down", {"Retry-After": str(RETRY_AFTER)}),
                               feed(rss("b2", "b1"))),
            "/c": server.serve("/c", Reply(500, b"oops"), feed(rss("c1", "c2")), feed(rss("c3", "c1", "c2"))),
        }
        with session_scope() as session:
            for path, url in paths.items():
                registry.add(session, url, "wire", "2s", "never", f"feed{path[1:]}")
        expected = {"a1", "a2", "a3", "a4", "b1", "b2", "c1", "c2", "c3"}
        # When the fetch worker is killed outright mid-run, the broker restarts and a new worker takes over
        wait_for(lambda: len(server.seen) >= 4, 30, 0.1)
        fetch.kill()
        fetch.wait(10)
        pipeline.broker.restart()
        fetch = start_fetch(pipeline)

        # Then every item is one article, each published once
        def guids() -> set[str]:
            with session_scope() as session:
                return set(session.scalars(select(Article.guid).where(Article.source == "wire")))

        assert wait_for(lambda: guids() == expected, 90, 0.5), (guids(), pipeline.stack.logs())
        with session_scope() as session:
            ids = list(session.scalars(select(Article.id).where(Article.source == "wire")))
        statuses = pipeline.wait_published(ids)
        assert statuses["published"] == len(expected), f"{statuses}\n{pipeline.stack.logs()}"
        report = pipeline.reconcile(ids)
        assert {key: report[key] for key in CLEAN} == CLEAN, report

        # And no request went out before its host's gap, nor before the Retry-After
        times = sorted(request.at for request in server.seen)
        gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
        assert min(gaps) >= GAP - 0.02, gaps
        b = server.requests("/b")
        refused_at = b[1].at
        assert all(request.at >= refused_at + RETRY_AFTER - 0.02 for request in b[2:]), [r.at for r in b]
        # And conditional headers went out whenever validators had been stored
        assert all(len(server.requests(path)) >= 3 for path in paths)
        for path in paths:
            requests = server.requests(path)
            assert "if-none-match" in requests[-1].headers, (path, [r.headers for r in requests])
            assert conditional_misses(requests) <= 1, path  # at most the poll the kill interrupted
    finally:
        fetch.kill()
        fetch.wait(10)
        server.close()
