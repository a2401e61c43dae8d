"""Feeds of published articles: Atom 1.0, RSS 2.0 and JSON Feed 1.1 rendered from the same entries."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from services.publish.feeds import atom, jsonfeed, rss
from services.publish.feeds.entry import Category, FeedEntry, FeedMeta

__all__ = ["FORMATS", "Category", "FeedEntry", "FeedMeta", "etag", "render"]

FORMATS = {
    "atom": "application/atom+xml; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}

_RENDERERS: dict[str, Callable[[FeedMeta, Sequence[FeedEntry]], bytes]] = {
    "atom": atom.render,
    "rss": rss.render,
    "json": jsonfeed.render,
}


def render(fmt: str, meta: FeedMeta, entries: Sequence[FeedEntry]) -> bytes:
    """The feed in format ``fmt`` (a key of FORMATS), entries in the order given, as UTF-8 bytes."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown feed format {fmt!r}; expected one of {sorted(FORMATS)}") from None
    return renderer(meta, entries)


def etag(body: bytes) -> str:
    """Strong ETag of a rendered feed, quotes included."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
