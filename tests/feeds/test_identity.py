"""Item identity: guid, else canonical link (w3lib, tracking parameters dropped), else a hash of title and date."""

from __future__ import annotations

from datetime import UTC, datetime

from services.ingest.feeds.document import Entry
from services.ingest.feeds.identity import HASH_PREFIX, canonical_link, keys_of


def entry(guid: str | None = None, link: str | None = None, title: str = "T",
          published: datetime | None = None) -> Entry:
    return Entry(guid, link, title, "summary", None, published, None, None, None)


def test_canonical_link_lowers_the_host_drops_the_fragment_and_tracking_parameters() -> None:
    assert canonical_link("https://News.Example.COM/a/b?utm_source=rss&id=7&fbclid=x&utm_campaign=c#top") == \
        "https://news.example.com/a/b?id=7"


def test_canonical_link_sorts_the_query_so_parameter_order_does_not_matter() -> None:
    assert canonical_link("https://e.example/p?b=2&a=1") == canonical_link("https://e.example/p?a=1&b=2")


def test_guid_is_the_identity_and_the_link_a_second_key() -> None:
    keys = keys_of(entry("g-1", "https://e.example/story?utm_medium=feed"))
    assert keys.identity == "g-1"
    assert keys.keys == ("guid:g-1", "link:https://e.example/story")


def test_without_a_guid_the_canonical_link_is_the_identity() -> None:
    assert keys_of(entry(None, "https://E.example/story#comments")).identity == "https://e.example/story"


def test_without_guid_or_link_a_hash_of_title_and_date_is_the_identity() -> None:
    moment = datetime(2026, 11, 30, tzinfo=UTC)
    first, same, later = (keys_of(entry(title="Storm", published=when))
                          for when in (moment, moment, datetime(2026, 12, 1, tzinfo=UTC)))
    assert first.identity.startswith(HASH_PREFIX) and first == same and first.identity != later.identity


def test_a_link_to_the_feeds_own_home_page_names_no_item() -> None:
    """Feeds that link every item to their front page: the link cannot tell items apart, so it is no key."""
    keys = keys_of(entry(None, "https://e.example/", title="Storm"), feed_link="https://e.example")
    assert keys.identity.startswith(HASH_PREFIX) and not any(key.startswith("link:") for key in keys.keys)
