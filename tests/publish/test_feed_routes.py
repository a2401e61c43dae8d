"""Feed routes on a real database: every feed parses, pages, answers conditional GETs and names the hub."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from email.utils import parsedate_to_datetime as parse_http_date
from pathlib import Path

import feedparser
import jsonschema
import pytest
from fastapi.testclient import TestClient

from services.api import create_api, producer_app
from shared.db import session_scope
from shared.models import Entity
from shared.settings import get_settings
from tests.publish.conftest import KYIV, MANILA, publish

SCHEMA = json.loads((Path(__file__).parent / "jsonfeed-1.1.schema.json").read_text())
HUB = "https://hub.example/websub"


@pytest.fixture()
def client(database: dict[str, str]) -> Iterator[TestClient]:
    """The HTTP app (no relay loop) on this test's database."""
    producer_app.cache_clear()
    yield TestClient(create_api(relay=False))
    producer_app.cache_clear()


@pytest.fixture()
def kyiv_story(client: TestClient) -> str:
    """One published article about Kyiv naming one organisation; returns its id."""
    with session_scope() as session:
        return publish(session, "kyiv-1", "Metro extension opens in Kyiv", KYIV, entity="Kyiv City Council").article_id


def _entity_id() -> int:
    with session_scope() as session:
        return session.query(Entity).filter_by(name="Kyiv City Council").one().id


def _feed_paths() -> list[str]:
    return ["/feeds/all", f"/feeds/places/{KYIV['geonameid']}", "/feeds/countries/ua", "/feeds/sources/wire",
            f"/feeds/entities/{_entity_id()}"]


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_every_xml_feed_parses_with_feedparser_and_carries_a_georss_point(client, kyiv_story, fmt) -> None:  # type: ignore[no-untyped-def]
    for path in _feed_paths():
        parsed = feedparser.parse(client.get(f"{path}.{fmt}").content)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if fmt == "atom" else "rss20"), path
        [entry] = parsed.entries
        assert entry.id == f"urn:uuid:{kyiv_story}"
        assert entry.title == "Metro extension opens in Kyiv"
        assert entry.where["type"] == "Point"
        lon, lat = entry.where["coordinates"]
        assert (round(lat, 3), round(lon, 3)) == (50.455, 30.524), path


def test_every_json_feed_validates_against_the_json_feed_1_1_schema(client, kyiv_story) -> None:  # type: ignore[no-untyped-def]
    for path in _feed_paths():
        feed = client.get(f"{path}.json").json()
        jsonschema.validate(feed, SCHEMA)
        [item] = feed["items"]
        assert item["id"] == f"urn:uuid:{kyiv_story}"
        assert item["_geo"]["coordinates"] == [KYIV["lon"], KYIV["lat"]]


def test_the_json_feed_schema_rejects_an_item_without_content() -> None:
    """The schema itself is strict enough to catch a broken feed."""
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{"id": "1"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(feed, SCHEMA)


def test_a_country_feed_lists_only_articles_whose_main_place_is_in_that_country(client) -> None:  # type: ignore[no-untyped-def]
    with session_scope() as session:
        kyiv = publish(session, "kyiv-2", "Bridge repairs in Kyiv", KYIV).article_id
        publish(session, "manila-2", "Ferry timetable changes in Manila", MANILA)
    feed = client.get("/feeds/countries/ua.atom")
    assert [e.id for e in feedparser.parse(feed.content).entries] == [f"urn:uuid:{kyiv}"]


def test_an_unknown_country_code_is_refused_naming_the_field(client) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/feeds/countries/qq.atom")
    assert answer.status_code == 422 and answer.json()["field"] == "country"


def test_feeds_are_paged_with_rfc5005_next_links_and_json_feed_next_url(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Given three articles and feeds of two entries a page
    monkeypatch.setenv("NEWSFLOW_FEED_SIZE", "2")
    get_settings.cache_clear()
    with session_scope() as session:
        ids = [publish(session, f"page-{n}", f"Story {n} from Kyiv", KYIV).article_id for n in range(3)]
    newest_first = [f"urn:uuid:{one}" for one in reversed(ids)]
    # When the first page is read, Then it holds the two newest and links to the next page
    first = feedparser.parse(client.get("/feeds/all.atom").content)
    assert [e.id for e in first.entries] == newest_first[:2]
    next_url = next(link.href for link in first.feed.links if link.rel == "next")
    assert next_url.endswith("/feeds/all.atom?page=2")
    rss = feedparser.parse(client.get("/feeds/all.rss").content)
    assert any(link.rel == "next" and link.href.endswith("?page=2") for link in rss.feed.links)
    assert client.get("/feeds/all.json").json()["next_url"].endswith("/feeds/all.json?page=2")
    # And the last page holds the oldest and no next link
    last = feedparser.parse(client.get("/feeds/all.atom?page=2").content)
    assert [e.id for e in last.entries] == newest_first[2:]
    assert not [link for link in last.feed.links if link.rel == "next"]
    assert "next_url" not in client.get("/feeds/all.json?page=2").json()


def test_before_pages_from_a_moment_and_its_next_link_continues_from_the_last_entry(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSFLOW_FEED_SIZE", "1")
    get_settings.cache_clear()
    with session_scope() as session:
        ids = [publish(session, f"before-{n}", f"Story {n}", KYIV).article_id for n in range(3)]
    first = client.get("/feeds/all.json", params={"before": datetime.now(UTC).isoformat()}).json()
    assert [item["id"] for item in first["items"]] == [f"urn:uuid:{ids[2]}"]
    assert "before=" in first["next_url"]
    second = client.get(first["next_url"].removeprefix(get_settings().base_url)).json()
    assert [item["id"] for item in second["items"]] == [f"urn:uuid:{ids[1]}"]


def test_a_bad_page_or_before_is_refused_naming_the_field(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/feeds/all.atom?page=0").json()["field"] == "page"
    assert client.get("/feeds/all.atom?before=yesterday").json()["field"] == "before"


def test_conditional_get_answers_304_on_a_fresh_if_modified_since_or_etag(client, kyiv_story) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/feeds/all.rss")
    last_modified = first.headers["last-modified"]
    assert first.status_code == 200 and first.headers["etag"]
    assert client.get("/feeds/all.rss", headers={"if-modified-since": last_modified}).status_code == 304
    assert client.get("/feeds/all.rss", headers={"if-none-match": first.headers["etag"]}).status_code == 304
    earlier = format_datetime(datetime.now(UTC) - timedelta(days=1), usegmt=True)
    assert client.get("/feeds/all.rss", headers={"if-modified-since": earlier}).status_code == 200
    # RFC 9110: a stale ETag wins over a fresh date
    stale = {"if-none-match": '"other"', "if-modified-since": last_modified}
    assert client.get("/feeds/all.rss", headers=stale).status_code == 200


def test_a_withdrawn_article_leaves_every_feed_and_moves_last_modified(client, kyiv_story) -> None:  # type: ignore[no-untyped-def]
    # Given a feed read once
    before = client.get("/feeds/all.atom")
    # When the article is cancelled
    with session_scope() as session:
        publish(session, "kyiv-1", "Metro extension opens in Kyiv", KYIV, pubstatus="canceled")
    # Then no feed lists it, and the old validators no longer match
    for path in ("/feeds/all", f"/feeds/places/{KYIV['geonameid']}", "/feeds/countries/ua"):
        assert feedparser.parse(client.get(f"{path}.atom").content).entries == [], path
        assert client.get(f"{path}.json").json()["items"] == [], path
    again = client.get("/feeds/all.atom", headers={"if-none-match": before.headers["etag"]})
    assert again.status_code == 200
    assert parse_http_date(again.headers["last-modified"]) >= parse_http_date(before.headers["last-modified"])


def test_feeds_name_the_websub_hub_when_one_is_configured(client, kyiv_story, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSFLOW_WEBSUB_HUB", HUB)
    get_settings.cache_clear()
    for fmt in ("atom", "rss"):
        answer = client.get(f"/feeds/all.{fmt}")
        links = feedparser.parse(answer.content).feed.links
        assert any(link.rel == "hub" and link.href == HUB for link in links), fmt
        assert f'<{HUB}>; rel="hub"' in answer.headers["link"]
    assert client.get("/feeds/all.json").json()["hubs"] == [{"type": "WebSub", "url": HUB}]


def test_feeds_name_no_hub_when_none_is_configured(client, kyiv_story) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/feeds/all.atom")
    assert not [link for link in feedparser.parse(answer.content).feed.links if link.rel == "hub"]
    assert "link" not in answer.headers


def test_markup_in_an_articles_text_reaches_rss_readers_as_text_not_markup(client: TestClient) -> None:
    """feedparser reads <description> as HTML: the summary's "<script>" must arrive escaped, as words."""
    with session_scope() as session:
        publish(session, "xss-1", "<script>alert(1)</script> Talks resume", KYIV)
    raw = feedparser.parse(client.get("/feeds/all.rss").content, sanitize_html=False)
    cleaned = feedparser.parse(client.get("/feeds/all.rss").content)
    [entry], [clean_entry] = raw.entries, cleaned.entries
    assert "<script" not in entry.summary and "&lt;script&gt;alert(1)&lt;/script&gt;" in entry.summary
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Talks resume" in clean_entry.summary


READS = [
    ("/feeds/sources/a%01b.atom", 422, "source"),
    ("/feeds/sources/a%00b.rss", 422, "source"),
    ("/feeds/sources/" + "s" * 201 + ".json", 422, "source"),
    ("/feeds/places/99999999999999999999.atom", 422, "geonameid"),
    ("/feeds/places/2147483648.atom", 422, "geonameid"),
    ("/feeds/places/-1.atom", 422, "geonameid"),
    ("/feeds/entities/99999999999999999999.rss", 422, "entity_id"),
    ("/feeds/all.atom?page=99999999999999999999", 422, "page"),
    ("/feeds/all.atom?page=9223372036854775807", 422, "page"),
    ("/feeds/all.atom?page=0", 422, "page"),
    ("/feeds/all.json?before=0001-01-01T00:00:00%2B01:00", 422, "before"),
    ("/feeds/all.json?before=9999-12-31T23:59:59-01:00", 422, "before"),
    ("/feeds/all.json?before=2026-01-01T00:00:00%00", 422, "before"),
    ("/feeds/all.json?before=yesterday", 422, "before"),
    ("/feeds/countries/u%00a.atom", 422, "country"),
    ("/v1/articles/%00", 422, "article_id"),
    ("/v1/articles/a%00b", 422, "article_id"),
    ("/v1/articles/" + "9" * 100, 404, "id"),
]


def test_hostile_paths_and_parameters_are_4xx_naming_the_parameter(client: TestClient, kyiv_story: str) -> None:
    wrong = []
    for path, status, field in READS:
        answer = client.get(path)
        body = answer.json() if answer.headers.get("content-type") == "application/json" else {}
        if answer.status_code != status or body.get("field") != field or not body.get("reason"):
            wrong.append(f"{path[:60]}: {answer.status_code} {answer.text[:160]}")
    assert wrong == []
    assert client.get("/feeds/all.atom?before=9999-12-31T23:59:59%2B01:00").status_code == 200
    assert client.get(f"/v1/articles/{kyiv_story.upper()}").json()["id"] == kyiv_story
