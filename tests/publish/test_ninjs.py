"""Every shape of the mirrors' ninjs body validates against IPTC's official ninjs 2.2 schema file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest

from services.publish import dispatch, mirrors, ninjs
from shared.db import session_scope
from shared.enrichment import Enrichment
from shared.models import Article, ArticleVersion, Delivery
from tests.publish.conftest import KYIV, MANILA, publish
from tests.publish.ninjs_schema import errors

URL = "http://127.0.0.1:9/push"
CRIMEA = {"geonameid": 703883, "name": "Crimea", "country_code": "UA", "lat": 45.0, "lon": 34.0,
          "feature_class": "L", "feature_code": "RGN", "disputed": ["RU", "UA"], "confidence": 0.8,
          "mentions": [{"start": 0, "end": 6, "text": "Crimea"}]}
OPEN_SEA = {"name": "Sea of Azov", "geonameid": None, "country_code": None, "lat": None, "lon": None}
UKRAINE = {"geonameid": 690791, "name": "Ukraine", "country_code": "UA", "lat": 49.0, "lon": 32.0,
           "feature_class": "A", "feature_code": "PCLI", "weight": 0.7}
ENTITIES = [{"label": "PERSON", "name": "Olena Kovalenko"}, {"label": "ORG", "name": "United Nations"},
            {"label": "EVENT", "name": "Black Sea Summit"}, {"label": "NORP", "name": "Ukrainians"}]


def _version(**fields: Any) -> ArticleVersion:
    values: dict[str, Any] = {
        "id": "5f0c4a2e-0000-4000-8000-000000000001", "number": 1, "headline": "Talks resume in Crimea",
        "body_text": "Talks resumed.", "body_html": "<p>Talks resumed.</p>", "summary": "Talks resumed.",
        "byline": None, "dateline": None, "located": None, "language": "en", "pubstatus": "usable",
        "captions": [], "versioncreated": None, "enrichment": None,
    }
    return ArticleVersion(**(values | fields))


ARTICLE = Article(id="0b6f4a6e-1d1b-4c57-9d0e-2d6a0a3c2f10", guid="wire-123 (not a URI)", source="wire-a")
RICH = _version(
    number=3, byline="Olena Kovalenko", dateline="SIMFEROPOL, May 6", located="Simferopol",
    captions=["Delegates arrive."], versioncreated=datetime(2024, 5, 6, 9, 30, tzinfo=UTC),
    enrichment=Enrichment.model_validate({
        "places": [CRIMEA, {**KYIV, "mentions": []}, OPEN_SEA],
        "entities": ENTITIES,
        "focus": {"country_code": "UA", "country": UKRAINE, "city": {**KYIV, "weight": 0.4}},
    }))
SHAPES = {
    "no places, no entities, no byline": (ARTICLE, _version(), {}),
    "places, disputes, focus, every entity list, byline, dateline, captions, version 3": (
        ARTICLE, RICH, {"entity_ids": {("PERSON", "Olena Kovalenko"): 7, ("ORG", "United Nations"): 8},
                        "firstcreated": "2024-05-06T08:00:00+00:00"}),
    "html mirror: the page as a body": (ARTICLE, RICH, {"page": "<!DOCTYPE html><html></html>"}),
    "withdrawn": (ARTICLE, _version(number=2, pubstatus="canceled"), {}),
    "withheld": (ARTICLE, _version(pubstatus="withheld"), {}),
    "a duplicate of another source's article": (
        Article(id=ARTICLE.id, guid="https://wire-b.example/1", source="wire-b", duplicate_of=ARTICLE.id),
        _version(), {}),
}


def _document(article: Article, version: ArticleVersion, extra: dict[str, Any]) -> dict[str, Any]:
    arguments: dict[str, Any] = {"entity_ids": {}, "firstcreated": None} | extra
    return json.loads(orjson.dumps(ninjs.document(article, version, **arguments)))


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_of_the_ninjs_body_validates_against_the_official_schema(shape: str) -> None:
    assert errors(_document(*SHAPES[shape])) == []


def test_the_validator_refuses_what_mirrors_used_to_get() -> None:
    """The old body (`$schema`, a `newsflow` key, `geometry_geojson`) fails: the check has teeth."""
    old = {"$schema": ninjs.SCHEMA, "uri": "urn:uuid:1", "newsflow": {},
           "places": [{"name": "Kyiv", "geometry_geojson": {"type": "Point", "coordinates": [30.5, 50.4]}}]}
    found = errors(old)
    assert any("$schema" in line for line in found) and any("newsflow" in line for line in found)
    assert any("geometry_geojson" in line for line in found)
    assert errors({"uri": "urn:uuid:1", "places": [{"geojson": {"type": "Point", "coordinates": [1]}}]})


def test_places_carry_geonames_uri_point_disputes_and_focus() -> None:
    places = {p["name"]: p for p in _document(*SHAPES["places, disputes, focus, every entity list, byline, "
                                                      "dateline, captions, version 3"])["places"]}
    crimea = places["Crimea"]
    assert crimea["uri"] == "https://sws.geonames.org/703883/" and crimea["rel"] == "mentioned"
    assert crimea["geojson"]["geometry"] == {"type": "Point", "coordinates": [34.0, 45.0]}
    assert crimea["geojson"]["properties"]["disputed"] == ["RU", "UA"]
    assert crimea["geojson"]["properties"]["feed"].endswith("/feeds/places/703883.atom")
    assert places["Kyiv"]["rel"] == "focus" and places["Kyiv"]["geojson"]["properties"]["focus"] == ["city"]
    # The focus country is not named in the text, yet it is the article's main place
    assert places["Ukraine"]["rel"] == "focus" and places["Ukraine"]["geojson"]["properties"]["focus"] == ["country"]
    assert "uri" not in places["Sea of Azov"] and places["Sea of Azov"]["geojson"]["geometry"] is None


def test_entities_go_to_their_ninjs_lists_linked_to_their_feeds() -> None:
    document = _document(*SHAPES["places, disputes, focus, every entity list, byline, dateline, captions, version 3"])
    assert document["people"] == [{"name": "Olena Kovalenko", "rel": "mentioned",
                                   "uri": "http://127.0.0.1:8000/feeds/entities/7.atom"}]
    assert document["organisations"][0]["uri"].endswith("/feeds/entities/8.atom")
    assert document["events"] == [{"name": "Black Sea Summit", "rel": "mentioned"}]
    assert document["objects"] == [{"name": "Ukrainians", "rel": "mentioned"}]


def test_ids_guid_source_and_dates_travel_in_standard_properties() -> None:
    document = _document(*SHAPES["places, disputes, focus, every entity list, byline, dateline, captions, version 3"])
    assert document["uri"] == f"urn:uuid:{ARTICLE.id}"
    assert document["standard"] == {"name": "ninjs", "version": "2.2", "schema": ninjs.SCHEMA}
    assert {"role": "guid", "value": "wire-123 (not a URI)"} in document["altids"]
    assert {"role": "newsflow-version", "value": RICH.id} in document["altids"]
    assert document["infosources"] == [{"name": "wire-a", "role": "source"}]
    assert (document["version"], document["firstcreated"]) == ("3", "2024-05-06T08:00:00+00:00")
    assert document["versioncreated"] == "2024-05-06T09:30:00+00:00"
    assert (document["by"], document["located"]) == ("Olena Kovalenko", "Simferopol")
    assert {"role": "caption", "contenttype": "text/plain", "value": "Delegates arrive."} in document["descriptions"]


def _delivered(article_id: str) -> dispatch.Request:
    with session_scope() as session:
        delivery_id = session.query(Delivery.id).filter_by(article_id=article_id).order_by(
            Delivery.created_at.desc()).limit(1).scalar()
        request = dispatch.prepare(session, delivery_id)
    assert request is not None
    return request


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_what_a_mirror_is_sent_validates_for_each_event(database, monkeypatch, fmt: str) -> None:  # type: ignore[no-untyped-def]
    # Given a mirror and an article published, updated and withdrawn through the publish stage
    monkeypatch.setenv("NEWSFLOW_OUTBOUND_ALLOWLIST", "127.0.0.1")
    with session_scope() as session:
        mirrors.add(session, "m1", URL, fmt=fmt)
    bodies, events = [], []
    for headline, place, pubstatus, moment in [
            ("Kyiv and UN talk", KYIV, "usable", datetime(2024, 5, 6, 8, tzinfo=UTC)),
            ("Manila and UN talk", MANILA, "usable", datetime(2024, 5, 6, 9, tzinfo=UTC)),
            ("Manila and UN talk", MANILA, "canceled", datetime(2024, 5, 6, 10, tzinfo=UTC))]:
        with session_scope() as session:
            published = publish(session, "g1", headline, place, versioncreated=moment, pubstatus=pubstatus,
                                entity="United Nations")
        request = _delivered(published.article_id)
        bodies.append(json.loads(request.body))
        events.append(request.headers[dispatch.EVENT_HEADER])
    # Then every body is valid ninjs 2.2, dated by the source, the entity linked to its feed
    assert [errors(body) for body in bodies] == [[], [], []]
    assert events == ["published", "updated", "withdrawn"]
    assert [body["pubstatus"] for body in bodies] == ["usable", "usable", "canceled"]
    assert {body["firstcreated"] for body in bodies} == {"2024-05-06T08:00:00+00:00"}
    assert bodies[1]["versioncreated"] == "2024-05-06T09:00:00+00:00"
    assert "/feeds/entities/" in bodies[0]["organisations"][0]["uri"]
    pages = [b["value"] for body in bodies for b in body["bodies"] if b["role"] == "page"]
    assert len(pages) == (3 if fmt == "html" else 0)


def test_a_date_time_without_its_offset_is_refused_and_ours_carry_one() -> None:
    """Found by a tester who had not seen the code: stored times are naive UTC; ninjs wants RFC 3339."""
    from datetime import datetime

    from services.publish.ninjs import utc_iso
    from tests.publish.ninjs_schema import VALIDATOR

    assert not VALIDATOR.FORMAT_CHECKER.conforms("2020-05-04T10:00:00", "date-time")
    assert utc_iso(datetime(2020, 5, 4, 10, 0)) == "2020-05-04T10:00:00+00:00"
    assert VALIDATOR.FORMAT_CHECKER.conforms(utc_iso(datetime(2020, 5, 4, 10, 0)), "date-time")
