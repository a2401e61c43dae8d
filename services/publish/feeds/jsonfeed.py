"""JSON Feed 1.1 rendering of a feed: the main place in a `_geo` extension; categories, byline, JSON in `_newsflow`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson

from services.publish.feeds.entry import FeedEntry, FeedMeta

VERSION = "https://jsonfeed.org/version/1.1"
# JSON Feed extensions are objects under a "_" key that say where they are documented; the
# point is a GeoJSON geometry, so it reads [lon, lat] like every GeoJSON consumer expects.
GEO_ABOUT = "https://datatracker.ietf.org/doc/html/rfc7946#section-3.1.2"
# Our own extension: categories as Atom has them (term, scheme, label: scheme + term + ".json" is their feed).
ABOUT = "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.2"


def render(meta: FeedMeta, entries: Sequence[FeedEntry]) -> bytes:
    """The JSON Feed document for ``entries``, in the order given, as UTF-8 bytes."""
    feed: dict[str, Any] = {
        "version": VERSION,
        "title": meta.title,
        "home_page_url": meta.home_url,
        "feed_url": meta.self_url,
        "items": [_item(entry) for entry in entries],
    }
    if meta.author:
        feed["authors"] = [{"name": meta.author}]
    feed["language"] = meta.language
    if meta.next_url:
        feed["next_url"] = meta.next_url
    if meta.hub_url:
        feed["hubs"] = [{"type": "WebSub", "url": meta.hub_url}]
    return orjson.dumps(feed)


def _item(entry: FeedEntry) -> dict[str, Any]:
    """One JSON Feed item; empty optional fields are left out, as the spec prefers."""
    item: dict[str, Any] = {
        "id": entry.urn,
        "url": entry.link,
        "title": entry.title,
        "content_html": entry.content_html,
        "date_published": _rfc3339(entry.published),
        "date_modified": _rfc3339(entry.updated),
    }
    if entry.summary:
        item["summary"] = entry.summary
    if entry.authors:
        item["authors"] = [{"name": name} for name in entry.authors]
    if entry.categories:
        item["tags"] = list(dict.fromkeys(category.label for category in entry.categories))
    if entry.categories or entry.contributors or entry.json_url:
        item["_newsflow"] = _extension(entry)
    if entry.language:
        item["language"] = entry.language
    if entry.point is not None:
        lat, lon = entry.point
        item["_geo"] = {"about": GEO_ABOUT, "type": "Point", "coordinates": [lon, lat]}
    return item


def _extension(entry: FeedEntry) -> dict[str, Any]:
    """What JSON Feed has no field for: the JSON alternate, the byline, the categories with their ids and feeds."""
    extension: dict[str, Any] = {"about": ABOUT}
    if entry.json_url:
        extension["json_url"] = entry.json_url
    if entry.contributors:
        extension["byline"] = list(entry.contributors)
    if entry.categories:
        extension["categories"] = [{"term": c.term, "scheme": c.scheme, "label": c.label} for c in entry.categories]
    return extension


def _rfc3339(moment: datetime) -> str:
    """RFC 3339 timestamp; 'T' separator and an explicit offset."""
    return moment.isoformat(timespec="seconds")
