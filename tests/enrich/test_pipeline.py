"""The pipeline interface: dataclasses, JSON form, and the JSON-lines command."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from services.enrich.jsonl import PARALLEL_FROM, enrich_lines
from services.enrich.pipeline import Enricher
from shared.enrichment import Enrichment
from shared.errors import InvalidInput


def test_offsets_index_the_given_text(enricher: Enricher) -> None:
    text = "Après la réunion à Genève, the minister flew to Nairobi."
    (result,) = enricher.enrich([text])
    spans = [m for p in result.places for m in p.mentions] + [m for e in result.entities for m in e.mentions]
    assert spans and all(text[m.start:m.end] == m.text for m in spans)


def test_the_json_form_is_json_ready_and_reads_back_as_the_same_enrichment(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["Storms hit Crimea and the Black Sea coast."])
    data = json.loads(json.dumps(result.model_dump(mode="json")))
    crimea = next(p for p in data["places"] if p["name"] == "Crimea")
    assert crimea["disputed"] == ["UA", "RU"] and crimea["mentions"][0]["text"] == "Crimea"
    assert set(data) == {"schema_version", "places", "entities", "salience", "focus"}
    assert Enrichment.model_validate(data) == result


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
    assert (manila["disputed"], manila["admin1_code"]) == ([], "NCR")
    person = next(e for e in rows[0]["entities"] if e["label"] == "PERSON")
    assert (person["text"], person["name"]) == ("Rex Tillerson", "Rex Tillerson")


@pytest.mark.parametrize("bad, reason", [("{not json", "not JSON"), ('{"id": 1}', "text"),
                                         ('["a"]', "object"), ('{"text": "x"}', "id")])
def test_bad_line_names_the_line(enricher: Enricher, bad: str, reason: str) -> None:
    good = json.dumps({"id": "ok", "text": "Calm day."})
    with pytest.raises(InvalidInput) as caught:
        enrich_lines(enricher, io.StringIO(good + "\n" + bad + "\n"), io.StringIO())
    assert caught.value.field == "line 2" and reason in caught.value.reason


def test_a_bad_line_in_a_short_input_comes_after_the_lines_before_it(enricher: Enricher) -> None:
    """Given a short input (enriched in this process) whose second line is garbage, then the first line's output
    is written before the error naming line 2."""
    out = io.StringIO()
    with pytest.raises(InvalidInput) as caught:
        enrich_lines(enricher, io.StringIO(json.dumps({"id": "a", "text": "Talks resumed in Manila."}) + "\ngarbage\n"),
                     out)
    assert caught.value.field == "line 2"
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == ["a"]


def test_the_command_writes_only_json_lines_from_any_directory(tmp_path: Path, gazetteer_path: Path) -> None:
    """Given an evaluation harness running `newsflow enrich --jsonl` from its own directory with a long input
    (the forked-children path), then stdout holds exactly one JSON line per article, in order, logs go to
    stderr, and nothing is built in the harness's directory."""

    texts = ["Officials in Manila met Rex Tillerson.", "Storms hit Crimea.", "Nothing here."]
    lines = "".join(json.dumps({"id": n, "text": texts[n % 3]}) + "\n" for n in range(PARALLEL_FROM + 4))
    command = Path(sys.executable).parent / "newsflow"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSFLOW_")}
    done = subprocess.run([str(command), "enrich", "--jsonl"], input=lines, capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=300, check=True)
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in rows] == list(range(PARALLEL_FROM + 4))
    assert [p["geonameid"] for p in rows[0]["places"]] == [1701668]
    assert list(tmp_path.iterdir()) == []


def test_a_bad_line_in_a_long_input_comes_after_every_line_before_it(enricher: Enricher) -> None:
    """Given a long input whose last line is broken, when children enrich it, then every good line is written,
    in order, and the error names the broken line."""
    good = [json.dumps({"id": n, "text": "Rain in Manila."}) for n in range(PARALLEL_FROM + 40)]
    out = io.StringIO()
    with pytest.raises(InvalidInput) as caught:
        enrich_lines(enricher, io.StringIO("\n".join([*good, '{"id": "x"}']) + "\n"), out, batch_size=16,
                     processes=2)
    assert caught.value.field == f"line {len(good) + 1}"
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == list(range(len(good)))
