"""One enrichment contract (shared/enrichment.py), every output: a place reads the same wherever it is published."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.testclient import TestClient
from sqlalchemy import select

from services.enrich.jsonl import mention_rows
from services.publish.dispatch import prepare
from shared.db import session_scope
from shared.enrichment import Enrichment, Mention, Place
from shared.models import ArticleVersion, Delivery, OutboxEvent
from tests.ingest.stages import add_mirror, enrich_and_publish, ingest, post

HEADLINE, BODY = "Storm", "Ferries stayed in port in Manila as the storm crossed Luzon."
AT = len(f"{HEADLINE}\n\n{BODY}".split("Manila")[0])  # offsets point into headline, blank line, body
# Every field set to something other than its default, so an output that drops or renames one is caught.
MANILA = Place(name="Manila", geonameid=1701668, country_code="PH", lat=14.6042, lon=120.9822,
               admin1_code="NCR", admin1_name="Metro Manila", feature_class="P", feature_code="PPLC",
               disputed=("PH", "XX"), confidence=0.9,
               mentions=(Mention(start=AT, end=AT + len("Manila"), text="Manila"),))
ENRICHMENT = Enrichment(places=(MANILA,))


def _from_ninjs(place: dict[str, Any]) -> dict[str, Any]:
    """A ninjs 2.2 place read back: name, the GeoJSON point, the Feature's properties (less ninjs's own extras)."""
    lon, lat = place["geojson"]["geometry"]["coordinates"]
    extras = {"focus", "feed"}
    properties = {key: value for key, value in place["geojson"]["properties"].items() if key not in extras}
    return {"name": place["name"], "lat": lat, "lon": lon, **properties}


def test_the_model_sets_every_place_field_in_this_test() -> None:
    """The test below is only as wide as its place: it must set every field the model has."""
    assert MANILA.model_fields_set == set(Place.model_fields)


def test_the_http_body_the_announcement_the_mirror_and_jsonl_carry_every_place_field(client: TestClient) -> None:
    """Given an article enriched with a place and published to a mirror, then the GET body, the exchange
    message, the mirror's ninjs body and the `enrich --jsonl` line each carry every field of the place, equal."""
    add_mirror()
    accepted = post("urn:contract:1", HEADLINE, BODY)
    version_id = ingest(accepted)
    enrich_and_publish(version_id, ENRICHMENT)

    http = client.get(f"/v1/articles/{accepted.article_id}").json()["enrichment"]["places"]
    with session_scope() as session:
        announced = session.scalars(select(OutboxEvent.payload).where(OutboxEvent.kind == "announce")).one()
        delivery_id = session.scalars(select(Delivery.id).where(Delivery.version_id == version_id)).one()
        request = prepare(session, delivery_id)
        stored = session.get_one(ArticleVersion, version_id).enrichment
    assert request is not None
    mirrored = [_from_ninjs(place) for place in orjson.loads(request.body)["places"]]
    jsonl = mention_rows("a1", ENRICHMENT)["places"]

    for places in (http, announced["places"], mirrored):
        assert [set(place) for place in places] == [set(Place.model_fields)]
        assert [Place.model_validate(place) for place in places] == [MANILA]
    (row,) = jsonl  # one line per mention: the mention's fields beside the place's
    assert set(row) == set(Place.model_fields) - {"mentions"} | set(Mention.model_fields)
    place_fields = {key: value for key, value in row.items() if key not in Mention.model_fields}
    assert Place.model_validate(place_fields | {"mentions": [MANILA.mentions[0].model_dump()]}) == MANILA
    assert stored == ENRICHMENT
