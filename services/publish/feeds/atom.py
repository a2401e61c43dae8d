"""Atom 1.0 (RFC 4287) rendering of a feed, with GeoRSS-simple points, through feedgen."""

from __future__ import annotations

from collections.abc import Sequence

from feedgen.entry import FeedEntry as GeneratorEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from services.publish.feeds.entry import FeedEntry, FeedMeta, xml_text

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
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
    # RFC 4287 wants an author on the feed unless every entry has one: every entry names its source.
    if meta.author:
        feed.author(name=xml_text(meta.author))
    feed.language(meta.language)  # xml:lang on the feed
    feed.generator("newsflow")
    for entry in entries:
        _add_entry(feed.add_entry(order="append"), entry)
    body = feed.atom_str(pretty=False, encoding="UTF-8", xml_declaration=True)
    return _finished(body, meta, entries)


def _finished(body: bytes, meta: FeedMeta, entries: Sequence[FeedEntry]) -> bytes:
    """What feedgen cannot write: typed entry links (it drops a link's rel and type), xml:lang on an entry in
    another language than the feed's."""
    root = etree.fromstring(body)
    for element, entry in zip(root.iterfind(f"{{{ATOM_NS}}}entry"), entries, strict=True):
        anchor = element.find(f"{{{ATOM_NS}}}title")
        links = [(entry.link, "text/html")] + ([(entry.json_url, "application/json")] if entry.json_url else [])
        for href, media_type in reversed(links):
            anchor.addnext(etree.Element(f"{{{ATOM_NS}}}link", href=href, rel="alternate", type=media_type))
        if entry.language and entry.language != meta.language:
            element.set(f"{{{XML_NS}}}lang", entry.language)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def _add_entry(out: GeneratorEntry, entry: FeedEntry) -> None:
    """Fill one Atom entry."""
    out.id(entry.urn)
    out.title(xml_text(entry.title).strip() or UNTITLED)
    out.updated(entry.updated)
    out.published(entry.published)
    if entry.summary:
        out.summary(xml_text(entry.summary))
    out.content(xml_text(entry.content_html), type="html")
    for name in filter(None, map(xml_text, entry.authors)):
        out.author(name=name)
    for name in filter(None, map(xml_text, entry.contributors)):
        out.contributor(name=name)
    for category in entry.categories:
        out.category(term=category.term, scheme=category.scheme, label=xml_text(category.label))
    if entry.point is not None:
        out.geo.point(f"{entry.point[0]} {entry.point[1]}")
