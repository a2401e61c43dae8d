"""Atom, RSS and JSON Feed rendering, read back with a parser and checked field by field."""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import pytest

from services.publish.feeds import FORMATS, Category, etag, render
from services.publish.feeds.entry import FeedEntry, FeedMeta

NS = {
    "a": "http://www.w3.org/2005/Atom",
    "georss": "http://www.georss.org/georss",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
NASTY_TITLE = 'Q&A: <Kyiv> "talks" — Zürich & 東京'
CEST = timezone(timedelta(hours=2))
PLACES, ENTITIES = "https://news.example/feeds/places/", "https://news.example/feeds/entities/"

META = FeedMeta(
    id="tag:newsflow.example,2024:feeds/all",
    title="Newsflow — all & <everything>",
    self_url="https://news.example/feeds/all.atom",
    home_url="https://news.example/",
    updated=datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC),
)
FIRST = FeedEntry(
    id="0b6f4a6e-1d1b-4c57-9d0e-2d6a0a3c2f10",
    title=NASTY_TITLE,
    link="https://news.example/articles/0b6f4a6e-1d1b-4c57-9d0e-2d6a0a3c2f10",
    json_url="https://news.example/v1/articles/0b6f4a6e-1d1b-4c57-9d0e-2d6a0a3c2f10",
    summary="Talks <resume> & continue",
    content_html='<p>Tom &amp; Jerry in <a href="https://x.example/?a=1&amp;b=2">Zürich</a></p>',
    published=datetime(2024, 5, 6, 9, 0, 0, tzinfo=CEST),
    updated=datetime(2024, 5, 6, 10, 30, 0, tzinfo=CEST),
    authors=("wire-a",),
    contributors=("Olena Kovalenko", "Jean Dupont"),
    categories=(Category("703448", PLACES, "Kyiv"), Category("2657896", PLACES, "Zürich"),
                Category("7", ENTITIES, "United Nations")),
    language="en",
    point=(50.45, 30.5236),
)
SECOND = FeedEntry(
    id="9d2b7c1a-0000-4000-8000-000000000002",
    title="Second story",
    link="https://news.example/v1/articles/9d2b7c1a-0000-4000-8000-000000000002",
    summary="",
    content_html="<p>Plain</p>",
    published=datetime(2024, 5, 5, 12, 0, tzinfo=UTC),
    updated=datetime(2024, 5, 5, 12, 0, tzinfo=UTC),
)


def _xml(fmt: str, entries: list[FeedEntry]) -> ET.Element:
    return ET.fromstring(render(fmt, META, entries))


def test_atom_feed_carries_id_title_updated_and_self_link() -> None:
    feed = _xml("atom", [FIRST, SECOND])
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.findtext("a:id", namespaces=NS) == META.id
    assert feed.findtext("a:title", namespaces=NS) == META.title
    assert datetime.fromisoformat(feed.findtext("a:updated", namespaces=NS) or "") == META.updated
    links = {link.get("rel"): link.get("href") for link in feed.findall("a:link", NS)}
    assert links == {"self": META.self_url, "alternate": META.home_url}


def test_atom_entry_round_trips_every_field() -> None:
    entry = _xml("atom", [FIRST]).find("a:entry", NS)
    assert entry is not None
    assert entry.findtext("a:id", namespaces=NS) == f"urn:uuid:{FIRST.id}"
    assert entry.findtext("a:title", namespaces=NS) == NASTY_TITLE
    assert datetime.fromisoformat(entry.findtext("a:published", namespaces=NS) or "") == FIRST.published
    assert datetime.fromisoformat(entry.findtext("a:updated", namespaces=NS) or "") == FIRST.updated
    links = [(link.get("rel", "alternate"), link.get("type"), link.get("href")) for link in entry.findall("a:link", NS)]
    assert links == [("alternate", "text/html", FIRST.link), ("alternate", "application/json", FIRST.json_url)]
    assert entry.findtext("a:summary", namespaces=NS) == FIRST.summary
    content = entry.find("a:content", NS)
    assert content is not None and content.get("type") == "html" and content.text == FIRST.content_html
    assert [a.findtext("a:name", namespaces=NS) for a in entry.findall("a:author", NS)] == ["wire-a"]
    assert [a.findtext("a:name", namespaces=NS) for a in entry.findall("a:contributor", NS)] == list(
        FIRST.contributors)
    assert [(c.get("term"), c.get("scheme"), c.get("label")) for c in entry.findall("a:category", NS)] == [
        ("703448", PLACES, "Kyiv"), ("2657896", PLACES, "Zürich"), ("7", ENTITIES, "United Nations")]
    assert entry.findtext("georss:point", namespaces=NS) == "50.45 30.5236"


def test_atom_keeps_entry_order_and_omits_absent_optional_fields() -> None:
    entries = _xml("atom", [FIRST, SECOND]).findall("a:entry", NS)
    assert [e.findtext("a:id", namespaces=NS) for e in entries] == [FIRST.urn, SECOND.urn]
    second = entries[1]
    assert second.find("a:summary", NS) is None
    assert second.find("georss:point", NS) is None
    assert second.findall("a:category", NS) == []


def test_a_sources_atom_feed_names_the_source_as_its_author() -> None:
    """RFC 4287 §4.1.1: a feed without author needs one in every entry, and every entry names its source."""
    assert _xml("atom", [FIRST]).find("a:author", NS) is None
    feed = ET.fromstring(render("atom", FeedMeta(**{**META.__dict__, "author": "wire-a"}), [FIRST]))
    assert feed.findtext("a:author/a:name", namespaces=NS) == "wire-a"


@pytest.mark.parametrize("fmt", ["atom", "rss", "json"])
def test_every_feed_says_its_language_and_atom_marks_an_entry_in_another(fmt: str) -> None:
    other = FeedEntry(**{**SECOND.__dict__, "language": "uk"})
    body = render(fmt, FeedMeta(**{**META.__dict__, "language": "en"}), [FIRST, other])
    if fmt == "json":
        assert json.loads(body)["language"] == "en"
        return
    root = ET.fromstring(body)
    if fmt == "rss":
        assert root.findtext("channel/language") == "en"
        return
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert root.get(lang) == "en"
    assert [entry.get(lang) for entry in root.findall("a:entry", NS)] == [None, "uk"]  # the first: the feed's


def test_rss_channel_carries_title_link_description_self_and_build_date() -> None:
    channel = _xml("rss", [FIRST]).find("channel")
    assert channel is not None
    assert channel.findtext("title") == META.title
    assert channel.findtext("link") == META.home_url
    assert channel.findtext("description")
    self_link = channel.find("a:link", NS)
    assert self_link is not None and self_link.get("rel") == "self" and self_link.get("href") == META.self_url
    assert parsedate_to_datetime(channel.findtext("lastBuildDate") or "") == META.updated


def test_rss_item_round_trips_every_field() -> None:
    item = _xml("rss", [FIRST, SECOND]).find("channel/item")
    assert item is not None
    guid = item.find("guid")
    assert guid is not None and guid.get("isPermaLink") == "false" and guid.text == FIRST.urn
    assert item.findtext("title") == NASTY_TITLE
    assert item.findtext("link") == FIRST.link
    assert parsedate_to_datetime(item.findtext("pubDate") or "") == FIRST.published
    # <description> is HTML to every reader: the plain-text summary arrives escaped, and reads back as itself.
    assert item.findtext("description") == html.escape(FIRST.summary, quote=False)
    assert html.unescape(item.findtext("description") or "") == FIRST.summary
    assert item.findtext("content:encoded", namespaces=NS) == FIRST.content_html
    assert [(c.text, c.get("domain")) for c in item.findall("category")] == [
        ("Kyiv", PLACES), ("Zürich", PLACES), ("United Nations", ENTITIES)]
    assert [c.text for c in item.findall("dc:creator", NS)] == ["wire-a"]
    assert [c.text for c in item.findall("dc:contributor", NS)] == list(FIRST.contributors)
    json_link = item.find("a:link", NS)
    assert json_link is not None and (json_link.get("rel"), json_link.get("type"), json_link.get("href")) == (
        "alternate", "application/json", FIRST.json_url)
    assert item.findtext("georss:point", namespaces=NS) == "50.45 30.5236"


def test_rss_keeps_item_order() -> None:
    items = _xml("rss", [SECOND, FIRST]).findall("channel/item")
    assert [i.findtext("guid") for i in items] == [SECOND.urn, FIRST.urn]


def test_json_feed_carries_version_and_urls() -> None:
    feed = json.loads(render("json", META, [FIRST, SECOND]))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == META.title
    assert feed["home_page_url"] == META.home_url
    assert feed["feed_url"] == META.self_url
    assert [item["id"] for item in feed["items"]] == [FIRST.urn, SECOND.urn]


def test_json_feed_item_round_trips_every_field() -> None:
    item = json.loads(render("json", META, [FIRST]))["items"][0]
    assert item["url"] == FIRST.link
    assert item["title"] == NASTY_TITLE
    assert item["content_html"] == FIRST.content_html
    assert item["summary"] == FIRST.summary
    assert datetime.fromisoformat(item["date_published"]) == FIRST.published
    assert datetime.fromisoformat(item["date_modified"]) == FIRST.updated
    assert item["date_published"].endswith("+02:00")
    assert item["authors"] == [{"name": "wire-a"}]
    assert item["tags"] == ["Kyiv", "Zürich", "United Nations"]
    assert item["_newsflow"]["json_url"] == FIRST.json_url
    assert item["_newsflow"]["byline"] == list(FIRST.contributors)
    assert item["_newsflow"]["categories"][2] == {"term": "7", "scheme": ENTITIES, "label": "United Nations"}
    assert item["language"] == "en"
    assert item["_geo"]["type"] == "Point"
    assert item["_geo"]["coordinates"] == [30.5236, 50.45]  # GeoJSON order: lon, lat
    assert item["_geo"]["about"].startswith("https://")


def test_json_feed_leaves_out_empty_optional_fields() -> None:
    item = json.loads(render("json", META, [SECOND]))["items"][0]
    assert not {"summary", "authors", "tags", "language", "_geo", "_newsflow"} & item.keys()


def test_json_feed_writes_non_ascii_as_utf8_not_escapes() -> None:
    body = render("json", META, [FIRST])
    assert "東京".encode() in body


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_xml_feeds_are_utf8_with_declaration(fmt: str) -> None:
    body = render(fmt, META, [FIRST])
    assert body.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert "Zürich & 東京".replace("&", "&amp;").encode() in body


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_control_characters_from_wire_copy_do_not_break_xml(fmt: str) -> None:
    entry = FeedEntry(**{**FIRST.__dict__, "title": "Vertical\x0btab\x00", "summary": "form\x0cfeed"})
    body = render(fmt, META, [entry])
    assert b"Verticaltab" in body and b"\x0b" not in body
    ET.fromstring(body)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_empty_headline_renders_as_untitled_instead_of_failing(fmt: str) -> None:
    entry = FeedEntry(**{**SECOND.__dict__, "title": "  "})
    assert b"(untitled)" in render(fmt, META, [entry])


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_renders_an_empty_feed(fmt: str) -> None:
    body = render(fmt, META, [])
    if fmt == "json":
        assert json.loads(body)["items"] == []
    else:
        ET.fromstring(body)


def test_unknown_format_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown feed format 'html'"):
        render("html", META, [FIRST])


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="FeedEntry.published must be timezone-aware"):
        FeedEntry(**{**SECOND.__dict__, "published": datetime(2024, 1, 1)})
    with pytest.raises(ValueError, match="FeedMeta.updated"):
        FeedMeta(**{**META.__dict__, "updated": datetime(2024, 1, 1)})


def test_rendering_is_deterministic_so_etags_are_stable() -> None:
    for fmt in FORMATS:
        assert render(fmt, META, [FIRST, SECOND]) == render(fmt, META, [FIRST, SECOND])


def test_etag_is_strong_quoted_and_changes_with_the_body() -> None:
    tag = etag(b"one")
    assert tag.startswith('"') and tag.endswith('"') and not tag.startswith("W/")
    assert etag(b"one") == tag
    assert etag(b"two") != tag
