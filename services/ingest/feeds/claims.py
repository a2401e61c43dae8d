"""Handing due feeds to pollers: the database decides, so replicas never poll one feed at once.

A feed is due when it is active, its ``next_poll_at`` has passed and nobody holds an unexpired claim on it. A
claim is a token and an expiry (NEWSFLOW_FEED_CLAIM_TTL) set by one conditional UPDATE, so of two claimers only
one wins, on any database; PostgreSQL's ``FOR UPDATE SKIP LOCKED`` lets concurrent claimers pass each other's
rows instead of queueing on them (SQLite has one writer at a time anyway). A poller killed mid-poll leaves a
claim that expires; the feed is then due again. At most NEWSFLOW_FEED_MAX_CONCURRENT claims are out at once,
and at most one per host per round (the host's minimum gap would make the others wait).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from shared import outbox
from shared.db import get_engine
from shared.messages import FeedPollRequested
from shared.models import Feed, FeedHost, FeedState, OutboxEvent, utcnow
from shared.queues import FETCH_TASK
from shared.settings import get_settings


def in_flight(session: Session) -> int:
    """Claims out now, across every poller."""
    return session.scalar(select(func.count()).select_from(Feed).where(Feed.claimed_until > utcnow())) or 0


def claim_due(session: Session) -> list[OutboxEvent]:
    """Claim the feeds due now (as many as there is room for) and queue a poll of each; returns the events."""
    settings = get_settings()
    room = settings.feed_max_concurrent - in_flight(session)
    if room <= 0:
        return []
    now = utcnow()
    busy_hosts = select(FeedHost.host).where(FeedHost.next_request_at > now)
    query = (select(Feed.id, Feed.host).where(
        Feed.state == FeedState.ACTIVE, Feed.next_poll_at <= now,
        or_(Feed.claimed_until.is_(None), Feed.claimed_until <= now), Feed.host.not_in(busy_hosts))
        .order_by(Feed.next_poll_at, Feed.id).limit(room * 4))
    if get_engine().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Feed)
    events: list[OutboxEvent] = []
    hosts: set[str] = set()
    for feed_id, host in session.execute(query).all():
        if host in hosts or len(events) >= room:
            continue
        token = str(uuid.uuid4())
        won = session.execute(update(Feed).where(
            Feed.id == feed_id, or_(Feed.claimed_until.is_(None), Feed.claimed_until <= now))
            .values(claim_token=token, claimed_until=now + timedelta(seconds=settings.feed_claim_ttl))
        ).rowcount  # type: ignore[attr-defined]
        if won:
            hosts.add(host)
            events.append(outbox.add_task(session, FETCH_TASK, FeedPollRequested(feed_id=feed_id, token=token)))
    session.flush()
    return events
