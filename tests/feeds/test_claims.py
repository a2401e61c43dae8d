"""Claiming due feeds from PostgreSQL: replicas never hold one feed at once, claims expire, the cap holds."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from celery import Celery
from sqlalchemy import delete, select, update

from services.ingest.feeds.claims import claim_due
from services.ingest.feeds.poll import poll
from shared import state
from shared.celery import create_app
from shared.db import session_scope, upgrade
from shared.models import Article, Feed, FeedHost, FeedItem, OutboxEvent, Submission, utcnow
from tests.conftest import new_pg_database
from tests.feeds.helpers import add
from tests.feeds.helpers import feed as feed_row
from tests.feeds.server import FeedServer, feed


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """One migrated PostgreSQL database for the module (creating one takes seconds); tests empty its feeds."""
    with new_pg_database() as url:
        upgrade(url)
        state.reset()
        yield url


@pytest.fixture()
def pg(configure, database: str, redis_broker: str) -> Iterator[Celery]:  # type: ignore[no-untyped-def]
    configure(database_url=database, broker_url=redis_broker, outbound_allowlist="127.0.0.0/8",
              feed_host_gap="0", feed_max_concurrent="3")
    with session_scope() as session:
        for table in (OutboxEvent, FeedItem, FeedHost, Feed, Submission, Article):
            session.execute(delete(table))
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
    before = feed_row(feed_id)
    report = poll(feed_id, pg, token=old.payload["token"])
    assert report.outcome == "claim_lost"
    after = feed_row(feed_id)
    assert (after.claim_token, after.error_score, after.last_polled_at) == (new.payload["token"], 0.0, None)
    assert before.claim_token == after.claim_token


def test_paused_and_failing_feeds_are_not_claimed(pg: Celery) -> None:
    ids = feeds_on_hosts(3)
    with session_scope() as session:
        session.execute(update(Feed).where(Feed.id == ids[0]).values(state="paused"))
        session.execute(update(Feed).where(Feed.id == ids[1]).values(state="failing"))
    with session_scope() as session:
        assert claimed(claim_due(session)) == {ids[2]}


def test_one_new_story_in_two_feeds_polled_at_once_is_one_article(pg: Celery, server: FeedServer) -> None:
    """Given two feeds of one source listing one new story under different guids, when both are polled at the
    same moment, then the story is one article (the source's polls write one at a time)."""
    story = ("<item><title>Quay closed</title><link>https://wire.example/quay</link><guid>{guid}</guid>"
             "<description>The harbour authority said on Monday that ships would be turned away from the northern "
             "quay while divers inspect the damage.</description></item>")
    ids = [add(server.serve(f"/race/{guid}", feed(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://wire.example/</link>'
        f"<description>d</description>{story.format(guid=guid)}</channel></rss>")), name=f"race-{guid}")
        for guid in ("g-one", "g-two")]
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda feed_id: poll(feed_id, pg), ids))
    assert sorted((report.new, report.joined) for report in reports) == [(0, 1), (1, 0)]
    with session_scope() as session:
        assert len(session.scalars(select(Article.id).where(Article.source == "wire")).all()) == 1
