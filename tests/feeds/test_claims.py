"""Claiming due feeds from PostgreSQL: replicas never hold one feed at once, claims expire, the cap holds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from celery import Celery
from sqlalchemy import update

from services.ingest.feeds.claims import claim_due
from services.ingest.feeds.poll import poll
from shared.celery import create_app
from shared.db import session_scope
from shared.models import Feed, utcnow
from tests.feeds.helpers import add, feed


@pytest.fixture()
def pg(configure, pg_database: str, redis_broker: str) -> Iterator[Celery]:  # type: ignore[no-untyped-def]
    configure(database_url=pg_database, broker_url=redis_broker, outbound_allowlist="127.0.0.0/8",
              feed_host_gap="0", feed_max_concurrent="3")
    app = create_app("claims-tests")
    yield app
    app.close()


def feeds_on_hosts(count: int) -> list[int]:
    """Feeds on distinct loopback hosts (nothing listens: these tests never fetch)."""
    return [add(f"http://127.0.0.{n + 2}:9/feed.xml", name=f"f{n}") for n in range(count)]


def claimed(events: list) -> set[int]:  # type: ignore[type-arg]
    return {event.payload["feed_id"] for event in events}


def test_two_claimers_at_once_never_claim_one_feed(pg: Celery) -> None:
    """Given 3 due feeds and two claimers in concurrent transactions, they claim disjoint feeds (SKIP LOCKED)."""
    feeds_on_hosts(3)
    with session_scope() as first, session_scope() as second:
        mine = claimed(claim_due(first))
        first.flush()
        theirs = claimed(claim_due(second))
    assert mine and not mine & theirs


def test_at_most_the_configured_number_of_polls_are_in_flight(pg: Celery) -> None:
    feeds_on_hosts(5)
    with session_scope() as session:
        assert len(claim_due(session)) == 3
    with session_scope() as session:
        assert claim_due(session) == []  # three claims are out until they are released or expire


def test_one_feed_per_host_per_round(pg: Celery) -> None:
    for n in range(3):
        add(f"http://127.0.0.2:9/feed-{n}.xml", name=f"same-host-{n}")
    with session_scope() as session:
        assert len(claim_due(session)) == 1


def test_a_killed_pollers_claim_expires_and_its_late_message_writes_nothing(pg: Celery) -> None:
    """Given a claim whose poller died (the claim expired), when another poller claims the feed, then the dead
    poller's message, if it still runs, finds its token stale and changes nothing."""
    feed_id = feeds_on_hosts(1)[0]
    with session_scope() as session:
        (old,) = claim_due(session)
    with session_scope() as session:
        assert claim_due(session) == []  # held
        session.execute(update(Feed).values(claimed_until=utcnow() - timedelta(seconds=1)))
    with session_scope() as session:
        (new,) = claim_due(session)
    assert new.payload["token"] != old.payload["token"]
    before = feed(feed_id)
    report = poll(feed_id, pg, token=old.payload["token"])
    assert report.outcome == "claim_lost"
    after = feed(feed_id)
    assert (after.claim_token, after.error_score, after.last_polled_at) == (new.payload["token"], 0.0, None)
    assert before.claim_token == after.claim_token


def test_paused_and_failing_feeds_are_not_claimed(pg: Celery) -> None:
    ids = feeds_on_hosts(3)
    with session_scope() as session:
        session.execute(update(Feed).where(Feed.id == ids[0]).values(state="paused"))
        session.execute(update(Feed).where(Feed.id == ids[1]).values(state="failing"))
    with session_scope() as session:
        assert claimed(claim_due(session)) == {ids[2]}
