"""Atom 1.0 (RFC 4287) rendering of a feed, with GeoRSS-simple points, through feedgen."""

from __future__ import annotations

from collections.abc import Sequence

from feedgen.entry import FeedEntry as GeneratorEntry
from feedgen.feed import FeedGenerator

from services.publish.feeds.entry import FeedEntry, FeedMeta, xml_text

UNTITLED = "(untitled)"  # Atom requires a non-empty title; one headline-less article must not sink the feed


def render(meta: FeedMeta, entries: Sequence[FeedEntry]) -> bytes:
    """The Atom document for ``entries``, in the order given, as UTF-8 bytes."""
    feed = FeedGenerator()
    feed.load_extension("geo")
    feed.id(meta.id)
    feed.title(xml_text(meta.title))
    feed.updated(meta.updated)
    feed.link(href=meta.self_url, rel="self")
    feed.link(href=meta.home_url, rel="alternate")
    if meta.next_url:
        feed.link(href=meta.next_url, rel="next")
    if meta.hub_url:
        feed.link(href=meta.hub_url, rel="hub")
    # RFC 4287 wants an author on the feed unless every entry has one: the newsroom is the fallback.
    feed.author(name=xml_text(meta.title))
    feed.generator("newsflow")
    for entry in entries:
        _add_entry(feed.add_entry(order="append"), entry)
    return feed.atom_str(pretty=False, encoding="UTF-8", xml_declaration=True)


def _add_entry(out: GeneratorEntry, entry: FeedEntry) -> None:
    """Fill one Atom entry."""
    out.id(entry.urn)
    out.title(xml_text(entry.title).strip() or UNTITLED)
    out.updated(entry.updated)
    out.published(entry.published)
    out.link(href=entry.link, rel="alternate")
    if entry.summary:
        out.summary(xml_text(entry.summary))
    out.content(xml_text(entry.content_html), type="html")
    for name in filter(None, map(xml_text, entry.authors)):
        out.author(name=name)
    for term in filter(None, map(xml_text, entry.categories)):
        out.category(term=term)
    if entry.point is not None:
        out.geo.point(f"{entry.point[0]} {entry.point[1]}")
