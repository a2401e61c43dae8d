"""Reading feeds: every format into one shape (feedparser for XML, the JSON Feed models for JSON)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.ingest.feeds.document import read
from shared.errors import InvalidInput
from tests.feeds.server import fixture

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(("name", "version", "first_title"), [
    ("rss091.xml", "rss091n", "Northern quay closed after storm"),
    ("rss10.xml", "rss10", "River levels fall after week of rain"),
    ("rss20.xml", "rss20", "Fishing fleet stays in port"),
    ("atom.xml", "atom10", "Pass closed by snow"),
    ("jsonfeed10.json", "json", "Ferry workers strike"),
    ("jsonfeed11.json", "json", "Ice too thin for skating"),
])
def test_every_format_is_read_into_entries(name: str, version: str, first_title: str) -> None:
    """Given a feed in each supported format, its entries come out with title and link, in feed order."""
    document = read(fixture(name), now=NOW)
    assert document.format == version
    assert document.entries[0].title == first_title
    assert all(entry.link and entry.link.startswith("https://") for entry in document.entries)


def test_rss_content_encoded_is_the_content_and_the_description_the_summary() -> None:
    entry = read(fixture("rss20.xml"), now=NOW).entries[0]
    assert entry.summary == "Short teaser."
    assert entry.content is not None and "gale-force winds" in entry.content
    assert entry.guid == "coast-1001" and entry.author == "Sam Tide"
    assert entry.published == datetime(2026, 11, 30, 7, 15, tzinfo=UTC)


def test_json_feed_numeric_ids_and_authors_are_read() -> None:
    """JSON Feed 1.0 ids may be numbers (read as strings); 1.1 lists authors and a language per item."""
    old = read(fixture("jsonfeed10.json"), now=NOW).entries
    assert [entry.guid for entry in old] == ["1", "2"] and old[0].author == "Kai Shore"
    new = read(fixture("jsonfeed11.json"), now=NOW).entries[0]
    assert new.author == "Ola Frost, Ben Ice" and new.language == "en-GB"
    assert new.updated == datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def test_ttl_and_sy_update_period_say_how_often_the_feed_changes() -> None:
    assert read(fixture("rss20.xml"), now=NOW).ttl_s == 30 * 60  # <ttl>30</ttl>
    assert read(fixture("rss10.xml"), now=NOW).ttl_s == 3600 / 2  # hourly, twice


def test_dates_missing_in_the_future_or_without_a_zone_are_sane() -> None:
    """No date stays None; a future date is taken as now; a date without a zone is read as UTC."""
    entries = {entry.link: entry for entry in read(fixture("edge-dates.xml"), now=NOW).entries}
    assert entries["https://edge.example/no-date"].published is None
    assert entries["https://edge.example/future"].published == NOW
    assert entries["https://edge.example/zoneless"].published == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(("body", "reason"), [
    (b'{"version": "https://jsonfeed.org/version/9", "title": "x", "items": []}', "not a JSON Feed: version"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": [{"title": "no id"}]}',
     "items.0.id"),
    (b"{not json", "not JSON"),
    (b"<html><body>a web page, not a feed</body></html>", "not an RSS, Atom or JSON feed"),
])
def test_what_is_no_feed_is_refused_naming_why(body: bytes, reason: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read(body, now=NOW)
    assert refused.value.field == "feed" and reason in refused.value.reason
