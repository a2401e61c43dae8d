"""What the enrich stage stores: the article's routing country is the enrichment's focus."""

from __future__ import annotations

from shared.db import session_scope
from shared.enrichment import Enrichment
from tests.ingest.stages import article, enrich_and_publish, ingest, post


def _place(name: str, geonameid: int, country: str, mentions: int) -> dict:
    return {"name": name, "geonameid": geonameid, "country_code": country, "lat": 0.0, "lon": 0.0,
            "mentions": [{"start": n, "end": n + 1, "text": name} for n in range(mentions)]}


def test_the_focus_country_routes_the_article_even_when_another_country_is_named_as_often(
        pg_redis: dict[str, str]) -> None:
    """Given an enrichment naming the Philippines and Ukraine twice each, whose focus is Ukraine, then the
    article's country (its feeds and routing key) is UA, not whichever tied country came first."""
    acceptance = post("urn:focus:1", "Shelling in Sevastopol", "Manila, Manila, Sevastopol, Kyiv.")
    enrichment = Enrichment.model_validate({
        "places": [_place("Manila", 1701668, "PH", 2), _place("Sevastopol", 694423, "UA", 1),
                   _place("Kyiv", 703448, "UA", 1)],
        "focus": {"country_code": "UA"}})
    enrich_and_publish(ingest(acceptance), enrichment)
    with session_scope() as session:
        assert article(session, acceptance.article_id).country_code == "UA"


def test_without_a_focus_the_most_named_country_routes_the_article(pg_redis: dict[str, str]) -> None:
    acceptance = post("urn:focus:2", "Ferries", "Manila and Cebu, then Kyiv.")
    enrichment = Enrichment.model_validate({"places": [_place("Manila", 1701668, "PH", 2),
                                                       _place("Kyiv", 703448, "UA", 1)]})
    enrich_and_publish(ingest(acceptance), enrichment)
    with session_scope() as session:
        assert article(session, acceptance.article_id).country_code == "PH"
