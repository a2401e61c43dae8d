"""Pull ingest as data: the feeds newsflow polls, the items it has seen in them, and each host's next free moment.

The database is the scheduler's record: a feed is due when ``next_poll_at`` has passed, and a poller owns it while
its claim (``claim_token`` until ``claimed_until``) lasts, so a killed poller's claim simply expires.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class FeedState:
    ACTIVE = "active"
    PAUSED = "paused"  # an operator stopped it
    FAILING = "failing"  # it kept failing past NEWSFLOW_FEED_FAILING_AFTER: not polled until resumed


class Feed(Base):
    """One RSS, Atom or JSON feed: where it is, whose articles it carries, and when it is polled next."""

    __tablename__ = "feed"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str] = mapped_column(Text)
    host: Mapped[str] = mapped_column(String(255), index=True)
    source: Mapped[str] = mapped_column(String(200))
    full_text: Mapped[str] = mapped_column(String(10), default="auto")
    state: Mapped[str] = mapped_column(String(10), default=FeedState.ACTIVE, index=True)
    interval_s: Mapped[float] = mapped_column(Float)  # what the operator asked for
    current_interval_s: Mapped[float] = mapped_column(Float)  # adapted to how often items are new
    next_poll_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    claim_token: Mapped[str | None] = mapped_column(String(36))
    claimed_until: Mapped[datetime | None]
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(100))
    body_hash: Mapped[str | None] = mapped_column(String(64))
    last_polled_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_error_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    error_kind: Mapped[str | None] = mapped_column(String(40))
    error_score: Mapped[float] = mapped_column(Float, default=0.0)  # soft errors count 1, hard ones 3
    failing_since: Mapped[datetime | None]  # the first error of the current run of errors
    items_seen: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FeedItem(Base):
    """One key an item was seen under (its guid, its canonical link, its page's canonical URL, or a hash).

    Keys are per source: a story in two feeds of one source, or whose guid changed while its link stayed, finds
    the identity (the article's guid) it was first given.
    """

    __tablename__ = "feed_item"
    __table_args__ = (UniqueConstraint("source", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(600))
    identity: Mapped[str] = mapped_column(String(500))
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feed.id", ondelete="SET NULL"))
    content_hash: Mapped[str] = mapped_column(String(64))  # of the title and summary last accepted
    article_id: Mapped[str | None] = mapped_column(String(36), index=True)
    # How the article's text was got: "feed" (the item's own), "page" (full text), or why the page was not used.
    text_from: Mapped[str | None] = mapped_column(Text)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class FeedHost(Base):
    """A host's next free moment: the minimum gap between requests, or its Retry-After, across every poller."""

    __tablename__ = "feed_host"

    host: Mapped[str] = mapped_column(String(255), primary_key=True)
    next_request_at: Mapped[datetime] = mapped_column(default=utcnow)
