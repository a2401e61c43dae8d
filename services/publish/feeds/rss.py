"""RSS 2.0 rendering of a feed, with atom:link self, dc:creator and GeoRSS-simple points, through feedgen."""

from __future__ import annotations

import html
from collections.abc import Sequence

from feedgen.entry import FeedEntry as GeneratorEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from services.publish.feeds.atom import UNTITLED
from services.publish.feeds.entry import FeedEntry, FeedMeta, xml_text

ATOM_NS = "http://www.w3.org/2005/Atom"


def render(meta: FeedMeta, entries: Sequence[FeedEntry]) -> bytes:
    """The RSS document for ``entries``, in the order given, as UTF-8 bytes."""
    feed = FeedGenerator()
    feed.load_extension("geo")
    feed.load_extension("dc")
    feed.title(xml_text(meta.title))
    feed.link(href=meta.self_url, rel="self")
    feed.link(href=meta.home_url, rel="alternate")  # feedgen takes <channel><link> from the last link set
    feed.description(xml_text(meta.title))  # required by RSS; FeedMeta has nothing better
    feed.lastBuildDate(meta.updated)
    feed.generator("newsflow")
    feed.language(meta.language)
    for entry in entries:
        _add_item(feed.add_entry(order="append"), entry)
    body = feed.rss_str(pretty=False, encoding="UTF-8", xml_declaration=True)
    return _with_atom_links(body, meta, entries)


def _with_atom_links(body: bytes, meta: FeedMeta, entries: Sequence[FeedEntry]) -> bytes:
    """Add atom:links feedgen cannot write into RSS: the channel's next and hub, each item's JSON alternate."""
    if not (meta.next_url or meta.hub_url or any(entry.json_url for entry in entries)):
        return body
    root = etree.fromstring(body)
    channel = root.find("channel")
    self_link = channel.find(f"{{{ATOM_NS}}}link")
    for rel, href in (("hub", meta.hub_url), ("next", meta.next_url)):
        if href:  # placed by the self link, ahead of the items, where readers look for channel links
            self_link.addnext(etree.Element(f"{{{ATOM_NS}}}link", href=href, rel=rel))
    for item, entry in zip(channel.iterfind("item"), entries, strict=True):
        if entry.json_url:
            item.find("link").addnext(etree.Element(f"{{{ATOM_NS}}}link", href=entry.json_url, rel="alternate",
                                                    type="application/json"))
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def _add_item(out: GeneratorEntry, entry: FeedEntry) -> None:
    """Fill one RSS item."""
    out.guid(entry.urn, permalink=False)
    out.title(xml_text(entry.title).strip() or UNTITLED)
    out.link(href=entry.link)
    out.pubDate(entry.published)
    if entry.summary:
        # Readers take <description> as HTML: the plain-text summary is escaped, so "<script>" stays words.
        out.description(html.escape(xml_text(entry.summary), quote=False))
    out.content(xml_text(entry.content_html))
    # RSS <author> must be an e-mail address: the source goes in dc:creator, the byline in dc:contributor.
    for name in filter(None, map(xml_text, entry.authors)):
        out.dc.dc_creator(name)
    for name in filter(None, map(xml_text, entry.contributors)):
        out.dc.dc_contributor(name)
    # feedgen writes the label as the category's text and the scheme as its domain (the id: Atom and JSON).
    for category in entry.categories:
        out.category(term=category.term, scheme=category.scheme, label=xml_text(category.label))
    if entry.point is not None:
        out.geo.point(f"{entry.point[0]} {entry.point[1]}")
