"""What a feed reader sees of real published articles: the page as link, the JSON as alternate, the source's
dates and name, categories by kind with the ids that find their feeds, and the language."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, datetime

import feedparser
import pytest
from fastapi.testclient import TestClient

from services.api import create_api
from shared.db import session_scope
from tests.publish.conftest import KYIV, publish

BASE = "http://127.0.0.1:8000"
FIRST, SECOND = datetime(2024, 5, 6, 8, 0, tzinfo=UTC), datetime(2024, 5, 6, 9, 30, tzinfo=UTC)


@pytest.fixture()
def client(database: dict[str, str]) -> Iterator[TestClient]:
    yield TestClient(create_api(relay=False))


@pytest.fixture()
def updated_story(client: TestClient) -> str:
    """An article its source created at FIRST and updated at SECOND, published through the publish stage."""
    with session_scope() as session:
        publish(session, "kyiv-1", "Metro extension opens in Kyiv", KYIV, versioncreated=FIRST,
                entity="Kyiv City Council", source="wire-a")
        return publish(session, "kyiv-1", "Metro extension opens in Kyiv, trains run", KYIV, versioncreated=SECOND,
                       entity="Kyiv City Council", source="wire-a").article_id


def _moment(parsed: object) -> datetime:
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC)  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_a_reader_gets_the_page_the_json_alternate_the_sources_dates_and_name(client, updated_story, fmt) -> None:  # type: ignore[no-untyped-def]
    parsed = feedparser.parse(client.get(f"/feeds/all.{fmt}").content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    [entry] = parsed.entries
    assert entry.link == f"{BASE}/articles/{updated_story}"
    assert client.get(entry.link.removeprefix(BASE)).status_code == 200
    alternates = {link.get("type"): link.href for link in entry.links if link.rel == "alternate"}
    assert alternates["application/json"] == f"{BASE}/v1/articles/{updated_story}"
    assert client.get(alternates["application/json"].removeprefix(BASE)).json()["id"] == updated_story
    assert _moment(entry.published_parsed) == FIRST  # when the source first created it, not when it arrived
    if fmt == "atom":
        assert _moment(entry.updated_parsed) == SECOND
    assert entry.author == "wire-a"
    assert parsed.feed.language == "en"


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_categories_are_apart_by_scheme_and_name_the_feed_they_belong_to(client, updated_story, fmt) -> None:  # type: ignore[no-untyped-def]
    [entry] = feedparser.parse(client.get(f"/feeds/all.{fmt}").content).entries
    by_scheme = {tag.scheme: tag for tag in entry.tags}
    assert set(by_scheme) == {f"{BASE}/feeds/places/", f"{BASE}/feeds/entities/", f"{BASE}/feeds/countries/"}
    if fmt == "rss":  # RSS shows names; its ids are in Atom and JSON Feed
        assert by_scheme[f"{BASE}/feeds/entities/"].term == "Kyiv City Council"
        return
    assert by_scheme[f"{BASE}/feeds/places/"].term == "703448" and by_scheme[f"{BASE}/feeds/places/"].label == "Kyiv"
    assert by_scheme[f"{BASE}/feeds/countries/"].term == "UA"
    entity = by_scheme[f"{BASE}/feeds/entities/"]
    assert entity.label == "Kyiv City Council"
    for tag in entry.tags:  # scheme + term + .atom is a feed that lists the article
        feed = feedparser.parse(client.get(f"{tag.scheme}{tag.term}.atom".removeprefix(BASE)).content)
        assert [e.id for e in feed.entries] == [f"urn:uuid:{updated_story}"], tag


def test_the_json_feed_carries_language_source_and_categories_with_ids(client, updated_story) -> None:  # type: ignore[no-untyped-def]
    feed = client.get("/feeds/sources/wire-a.json").json()
    assert feed["language"] == "en" and feed["authors"] == [{"name": "wire-a"}]
    [item] = feed["items"]
    assert item["url"] == f"{BASE}/articles/{updated_story}"
    assert item["_newsflow"]["json_url"] == f"{BASE}/v1/articles/{updated_story}"
    assert datetime.fromisoformat(item["date_published"]) == FIRST
    assert datetime.fromisoformat(item["date_modified"]) == SECOND
    entity = next(c for c in item["_newsflow"]["categories"] if c["scheme"].endswith("/feeds/entities/"))
    assert client.get(f"/feeds/entities/{entity['term']}.json").json()["items"][0]["id"] == item["id"]


def test_the_articles_json_gives_each_entity_its_id_and_feed(client, updated_story) -> None:  # type: ignore[no-untyped-def]
    [entity] = client.get(f"/v1/articles/{updated_story}").json()["enrichment"]["entities"]
    assert entity["feed"] == f"{BASE}/feeds/entities/{entity['id']}.atom"
    assert client.get(f"/feeds/entities/{entity['id']}.atom").status_code == 200
