"""The enrichment contract is strict about what it is given, and reads every enrichment stored before."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from shared.enrichment import Enrichment


def test_an_enrichment_of_another_schema_version_is_refused() -> None:
    with pytest.raises(ValidationError):
        Enrichment.model_validate({"schema_version": 2})
    with pytest.raises(ValidationError):
        Enrichment.model_validate({"places": [{"name": "X", "geonameid": "not a number"}]})


def test_a_field_a_newer_writer_added_is_ignored_so_the_article_still_reads() -> None:
    """A rolling deploy: a newer enrich worker stores a place field this reader does not know yet."""
    stored = {"places": [{"name": "Manila", "geonameid": 1701668, "country_code": "PH", "lat": 14.6, "lon": 121.0,
                          "wikidata": "Q1461", "mentions": [{"start": 0, "end": 6, "text": "Manila"}]}]}
    place = Enrichment.model_validate(stored).places[0]
    assert place.geonameid == 1701668 and "wikidata" not in place.model_dump()


def test_an_enrichment_stored_before_salience_focus_and_divisions_still_reads() -> None:
    old = {"places": [{"name": "Manila", "geonameid": 1701668, "country_code": "PH", "lat": 14.6, "lon": 121.0,
                       "feature_class": "P", "feature_code": "PPLC", "disputed": [], "confidence": 0.9,
                       "mentions": [{"start": 0, "end": 6, "text": "Manila"}]}],
           "entities": [{"label": "GPE", "name": "Manila", "mentions": [{"start": 0, "end": 6, "text": "Manila"}]}]}
    enrichment = Enrichment.model_validate(old)
    assert enrichment.places[0].admin1_code is None and enrichment.focus.city is None
    assert enrichment.schema_version == 1
