"""A fetched feed read into one shape, whatever its format: RSS 0.9x/1.0/2.0 and Atom by feedparser, JSON Feed
by its pydantic models (jsonfeed.py).

Dates come out aware and in UTC: feedparser reads a date without a zone as UTC, and so do we for JSON Feed; a
date in the future (a publisher's clock, a scheduled post) is taken as now, so it can neither outrank later edits
nor be refused as out of range.
"""

from __future__ import annotations

import calendar
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser
from pydantic import ValidationError

from shared.errors import InvalidInput

from .jsonfeed import JSONFeed

# sy:updatePeriod in seconds (RSS 1.0 syndication module); sy:updateFrequency divides it.
PERIODS = {"hourly": 3600, "daily": 86400, "weekly": 604800, "monthly": 2592000, "yearly": 31536000}


@dataclass(frozen=True)
class Entry:
    """One item of a feed, in the terms every format shares."""

    guid: str | None
    link: str | None
    title: str | None
    summary: str | None  # HTML or text, as the feed gave it
    content: str | None  # the full content (content:encoded, Atom content, content_html), when given
    published: datetime | None
    updated: datetime | None
    author: str | None
    language: str | None


@dataclass(frozen=True)
class Document:
    """A parsed feed: its entries, its home link, and how often it says it changes (seconds, or None)."""

    format: str
    link: str | None
    language: str | None
    entries: tuple[Entry, ...]
    ttl_s: float | None


def is_json(content_type: str, body: bytes) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind in ("application/feed+json", "application/json") or body.lstrip()[:1] == b"{"


def read(body: bytes, content_type: str = "", now: datetime | None = None) -> Document:
    """The feed in ``body``; InvalidInput("feed", reason) when it is no feed we can read."""
    moment = now or datetime.now(UTC)
    return _read_json(body, moment) if is_json(content_type, body) else _read_xml(body, moment)


def _read_json(body: bytes, now: datetime) -> Document:
    try:
        feed = JSONFeed.model_validate(json.loads(body))
    except (ValueError, UnicodeDecodeError) as exc:
        if isinstance(exc, ValidationError):
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"])
            raise InvalidInput("feed", f"not a JSON Feed: {where}: {error['msg']}") from None
        raise InvalidInput("feed", f"not JSON: {exc}") from None
    entries = tuple(Entry(
        guid=item.id, link=item.url or item.external_url, title=item.title, summary=item.summary,
        content=item.content_html or item.content_text, published=_iso(item.date_published, now),
        updated=_iso(item.date_modified, now), author=item.author_name(), language=item.language or feed.language,
    ) for item in feed.items)
    return Document("json", feed.home_page_url, feed.language, entries, None)


def _read_xml(body: bytes, now: datetime) -> Document:
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=True)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise InvalidInput("feed", f"not an RSS, Atom or JSON feed{f': {problem}' if problem else ''}")
    head: Any = parsed.feed
    language = head.get("language")
    entries = tuple(_xml_entry(entry, language, now) for entry in parsed.entries)
    return Document(parsed.version or "unknown", head.get("link"), language, entries, _ttl(head))


def _xml_entry(entry: Any, language: str | None, now: datetime) -> Entry:
    contents = entry.get("content") or []
    content = max((part.get("value", "") for part in contents), key=len, default=None) or None
    summary = entry.get("summary") or None
    if content is not None and summary == content:
        summary = None
    return Entry(
        guid=entry.get("id") or None, link=entry.get("link") or None, title=entry.get("title") or None,
        summary=summary, content=content, published=_struct(dict.get(entry, "published_parsed"), now),
        updated=_struct(dict.get(entry, "updated_parsed"), now), author=entry.get("author") or None,
        language=(contents[0].get("language") if contents else None) or language,
    )


def _ttl(head: Any) -> float | None:
    """RSS ``ttl`` (minutes) or sy:updatePeriod / sy:updateFrequency, in seconds."""
    ttl = str(head.get("ttl") or "").strip()
    if ttl.isdigit():
        return int(ttl) * 60.0
    period = PERIODS.get(str(head.get("sy_updateperiod") or "").strip().lower())
    if period is None:
        return None
    frequency = str(head.get("sy_updatefrequency") or "1").strip()
    return period / max(int(frequency), 1) if frequency.isdigit() else float(period)


def _struct(value: time.struct_time | None, now: datetime) -> datetime | None:
    if value is None:
        return None
    try:
        return min(datetime.fromtimestamp(calendar.timegm(value), UTC), now)
    except (OverflowError, ValueError, OSError):
        return None


def _iso(value: str | None, now: datetime) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return min(moment, now)
