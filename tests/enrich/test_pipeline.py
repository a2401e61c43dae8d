"""The pipeline interface: dataclasses, JSON form, and the JSON-lines command."""

from __future__ import annotations

import io
import json

import pytest

from services.enrich.jsonl import enrich_lines
from services.enrich.pipeline import Enricher
from shared.errors import InvalidInput


def test_offsets_index_the_given_text(enricher: Enricher) -> None:
    text = "Après la réunion à Genève, the minister flew to Nairobi."
    (result,) = enricher.enrich([text])
    spans = [m for p in result.places for m in p.mentions] + [m for e in result.entities for m in e.mentions]
    assert spans and all(text[m.start:m.end] == m.text for m in spans)


def test_to_dict_is_json_ready(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["Storms hit Crimea and the Black Sea coast."])
    data = json.loads(json.dumps(result.to_dict()))
    crimea = next(p for p in data["places"] if p["name"] == "Crimea")
    assert crimea["disputed"] == ["UA", "RU"] and crimea["mentions"][0]["text"] == "Crimea"
    assert set(data) == {"places", "entities", "salience", "focus"}


def test_empty_batch_and_empty_text(enricher: Enricher) -> None:
    assert enricher.enrich([]) == []
    (result,) = enricher.enrich([""])
    assert result.places == () and result.entities == ()


def test_jsonl_round_trip(enricher: Enricher) -> None:
    """Given two articles, when enriched as JSON lines, then each comes back once with its mentions."""
    lines = [{"id": "a1", "text": "Officials in Manila met Rex Tillerson."},
             {"id": 7, "text": "Nothing here."}]
    out = io.StringIO()
    count = enrich_lines(enricher, io.StringIO("".join(json.dumps(x) + "\n" for x in lines) + "\n"), out,
                         batch_size=1)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == 2 and [r["id"] for r in rows] == ["a1", 7]
    (manila,) = rows[0]["places"]
    assert (manila["start"], manila["end"], manila["geonameid"]) == (13, 19, 1701668)
    assert {"lat", "lon", "name", "country_code", "confidence", "text"} <= set(manila)
    person = next(e for e in rows[0]["entities"] if e["label"] == "PERSON")
    assert (person["text"], person["name"]) == ("Rex Tillerson", "Rex Tillerson")


@pytest.mark.parametrize("bad, reason", [("{not json", "not JSON"), ('{"id": 1}', "text"),
                                         ('["a"]', "object"), ('{"text": "x"}', "id")])
def test_bad_line_names_the_line(enricher: Enricher, bad: str, reason: str) -> None:
    good = json.dumps({"id": "ok", "text": "Calm day."})
    with pytest.raises(InvalidInput) as caught:
        enrich_lines(enricher, io.StringIO(good + "\n" + bad + "\n"), io.StringIO())
    assert caught.value.field == "line 2" and reason in caught.value.reason
