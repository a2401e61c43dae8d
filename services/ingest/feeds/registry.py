"""The operators' side of feeds (CLI and HTTP): add, list, show, pause, resume, remove.

Data functions take ``session`` and never commit. Bad input raises InvalidInput naming the field.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.ingest.sources import NAME
from shared.errors import InvalidInput, NotFound
from shared.models import Feed, FeedItem, FeedState, utcnow
from shared.outbound import check_url
from shared.settings import get_settings

from .fulltext import MODES

DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$", re.IGNORECASE)
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
SLUG = re.compile(r"[^a-z0-9._-]+")
MAX_ID = 2**31 - 1
MAX_URL = 2000
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def seconds(text: str | float, field: str = "interval") -> float:
    """``15m``, ``1h``, ``90s``, ``900`` (seconds) as seconds, within the configured bounds."""
    match = DURATION.match(str(text))
    if match is None:
        raise InvalidInput(field, f"{text!r} is not a duration such as 90s, 15m, 1h or 1d")
    value = float(match.group(1)) * UNITS[(match.group(2) or "s").lower()]
    settings = get_settings()
    if not settings.feed_min_interval <= value <= settings.feed_max_interval:
        raise InvalidInput(field, f"{value:g} s is outside NEWSFLOW_FEED_MIN_INTERVAL .. NEWSFLOW_FEED_MAX_INTERVAL "
                           f"({settings.feed_min_interval:g} .. {settings.feed_max_interval:g} s)")
    return value


def _default_name(session: Session, url: str) -> str:
    parts = urlsplit(url)
    base = SLUG.sub("-", f"{parts.hostname or 'feed'}{parts.path}".lower()).strip("-._")[:90] or "feed"
    name, number = base, 1
    while session.scalar(select(Feed.id).where(Feed.name == name)) is not None:
        number += 1
        name = f"{base}-{number}"
    return name


def add(session: Session, url: str, source: str | None = None, interval: str | float | None = None,
        full_text: str = "auto", name: str | None = None) -> Feed:
    """Register a feed, due at once; InvalidInput names a bad URL, source, interval, mode or a taken name."""
    url = url.strip()
    if len(url) > MAX_URL or CONTROL.search(url):
        raise InvalidInput("url", f"must be at most {MAX_URL} characters, without control characters")
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError as exc:  # an unclosed IPv6 bracket and the like
        raise InvalidInput("url", f"not a URL: {exc}") from None
    if "@" in urlsplit(url).netloc:  # it would be shown in every listing, error and log line (fresh-eyes finding)
        raise InvalidInput("url", "must not carry a user name or password: feeds behind a login are not supported")
    check_url(url, get_settings().outbound_allowlist)
    if full_text not in MODES:
        raise InvalidInput("full_text", f"{full_text!r} is not one of {', '.join(MODES)}")
    source = source or host
    if not NAME.match(source):
        raise InvalidInput("source", f"{source!r} is not 1-100 letters, digits, '.', '_' or '-'")
    if name is not None and not NAME.match(name):
        raise InvalidInput("name", f"{name!r} is not 1-100 letters, digits, '.', '_' or '-' (starting alphanumeric)")
    if name is not None and session.scalar(select(Feed.id).where(Feed.name == name)) is not None:
        raise InvalidInput("name", f"a feed named {name!r} exists")
    taken = session.scalar(select(Feed.name).where(Feed.url == url))
    if taken is not None:
        raise InvalidInput("url", f"{url} is already polled as feed {taken!r}")
    every = seconds(interval if interval is not None else get_settings().feed_interval)
    feed = Feed(name=name or _default_name(session, url), url=url, host=host, source=source, full_text=full_text,
                interval_s=every, current_interval_s=every, next_poll_at=utcnow(), error_score=0.0, items_seen=0,
                state=FeedState.ACTIVE)
    session.add(feed)
    session.flush()
    return feed


def get(session: Session, name: str) -> Feed:
    """The feed named ``name`` (or with that id); NotFound otherwise."""
    feed = session.scalar(select(Feed).where(Feed.name == name))
    if feed is None and name.isdigit() and int(name) <= MAX_ID:  # a larger number is no id (and no int4)
        feed = session.get(Feed, int(name))
    if feed is None:
        raise NotFound(f"no feed named {name!r} (see `newsflow feeds list`)")
    return feed


def listing(session: Session) -> list[Feed]:
    return list(session.scalars(select(Feed).order_by(Feed.name)))


def pause(session: Session, name: str) -> Feed:
    feed = get(session, name)
    feed.state = FeedState.PAUSED
    return feed


def resume(session: Session, name: str) -> Feed:
    """Poll the feed again from now (a failing feed starts afresh: its error count cleared)."""
    feed = get(session, name)
    feed.state = FeedState.ACTIVE
    feed.error_score = 0.0
    feed.failing_since = None
    feed.next_poll_at = utcnow()
    return feed


def remove(session: Session, name: str) -> None:
    """Stop polling the feed for good; its articles stay, and so do the keys its items were seen under."""
    feed = get(session, name)
    session.execute(update(FeedItem).where(FeedItem.feed_id == feed.id).values(feed_id=None))
    session.delete(feed)


def described(feed: Feed) -> dict[str, object]:
    """The feed as the CLI and the HTTP API show it."""
    def when(moment: object) -> str | None:
        return moment.isoformat() if moment is not None and hasattr(moment, "isoformat") else None

    return {"name": feed.name, "url": feed.url, "source": feed.source, "state": feed.state,
            "full_text": feed.full_text, "interval_s": feed.interval_s, "current_interval_s": feed.current_interval_s,
            "next_poll_at": when(feed.next_poll_at), "last_polled_at": when(feed.last_polled_at),
            "last_success_at": when(feed.last_success_at), "last_error_at": when(feed.last_error_at),
            "last_error": feed.last_error, "error_kind": feed.error_kind, "failing_since": when(feed.failing_since),
            "items_seen": feed.items_seen, "etag": feed.etag, "last_modified": feed.last_modified,
            "id": feed.id}
