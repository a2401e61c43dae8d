"""The pipeline interface: dataclasses, JSON form, and the JSON-lines command."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from services.enrich.jsonl import PARALLEL_FROM, Outcome, enrich_lines
from services.enrich.pipeline import Enricher
from shared.enrichment import Enrichment


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
    outcome = enrich_lines(enricher, io.StringIO("".join(json.dumps(x) + "\n" for x in lines) + "\n"), out,
                           batch_size=1)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert outcome == Outcome(answered=2, failed=0) and [r["id"] for r in rows] == ["a1", 7]
    (manila,) = rows[0]["places"]
    assert (manila["start"], manila["end"], manila["geonameid"]) == (13, 19, 1701668)
    assert {"lat", "lon", "name", "country_code", "confidence", "text"} <= set(manila)
    assert (manila["disputed"], manila["admin1_code"]) == ([], "NCR")
    person = next(e for e in rows[0]["entities"] if e["label"] == "PERSON")
    assert (person["text"], person["name"]) == ("Rex Tillerson", "Rex Tillerson")


@pytest.mark.parametrize("bad, known_id, reason", [("{not json", None, "not JSON"), ('{"id": 1}', 1, "text"),
                                                   ('["a"]', None, "object"), ('{"text": "x"}', None, "id")])
def test_a_bad_line_is_answered_with_its_error_and_the_rest_go_on(
    enricher: Enricher, bad: str, known_id: object, reason: str
) -> None:
    """Given a bad line between two good ones, then three lines come out in order: the bad one's says why."""
    good = [json.dumps({"id": name, "text": "Rain in Manila."}) for name in ("before", "after")]
    out = io.StringIO()
    outcome = enrich_lines(enricher, io.StringIO("\n".join([good[0], bad, good[1]]) + "\n"), out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert outcome == Outcome(answered=3, failed=1)
    assert [row["id"] for row in rows] == ["before", known_id, "after"]
    assert (rows[1]["line"], rows[1]["error"].startswith("line 2: ")) == (2, True) and reason in rows[1]["error"]
    assert rows[2]["places"][0]["geonameid"] == 1701668 and "error" not in rows[2]


class BrokenOn:
    """A real enricher whose model fails on one text, as a model may on input it cannot handle."""

    def __init__(self, enricher: Enricher, poison: str) -> None:
        self.enricher, self.poison = enricher, poison

    def enrich(self, texts: list[str]) -> list[Enrichment]:
        if self.poison in texts:
            raise ValueError("the model cannot read this text")
        return self.enricher.enrich(texts)


def test_a_text_the_enricher_fails_on_is_answered_with_its_error_and_its_batch_goes_on(enricher: Enricher) -> None:
    lines = [json.dumps({"id": n, "text": text}) for n, text in enumerate(["Rain in Manila.", "poison", "Calm."])]
    out = io.StringIO()
    outcome = enrich_lines(BrokenOn(enricher, "poison"), io.StringIO("\n".join(lines)), out,  # type: ignore[arg-type]
                           batch_size=8)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert outcome == Outcome(answered=3, failed=1) and [row["id"] for row in rows] == [0, 1, 2]
    assert rows[1]["error"] == "line 2: enrichment failed: ValueError: the model cannot read this text"


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


def test_bad_lines_in_a_long_input_are_answered_in_order_by_the_forked_children(enricher: Enricher) -> None:
    """Given a long input with a broken line in the middle and at the end, when children enrich it, then every
    line is answered in order and the two broken ones carry their errors."""
    lines = [json.dumps({"id": n, "text": "Rain in Manila."}) for n in range(PARALLEL_FROM + 40)]
    lines[100] = "garbage"
    out = io.StringIO()
    outcome = enrich_lines(enricher, io.StringIO("\n".join([*lines, '{"id": "x"}']) + "\n"), out, batch_size=16,
                           processes=2)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert outcome == Outcome(answered=len(lines) + 1, failed=2)
    assert [row["line"] for row in rows if "error" in row] == [101, len(lines) + 1]
    assert [row["id"] for row in rows] == [*range(100), None, *range(101, len(lines)), "x"]


def test_one_enrich_task_takes_at_most_the_longest_text_in_all_and_leaves_the_rest_for_later() -> None:
    """Fresh-eyes finding: 32 texts of 99,000 characters in one batch ran into the time limit. The batch's texts
    are enriched up to LONGEST_TEXT characters in all (always at least one); the rest go on in a message."""
    from services.enrich.tasks import within_budget
    from shared.enrichment import LONGEST_TEXT

    big = {f"v{n}": ("x" * 99_000, None) for n in range(3)}
    now, later = within_budget(big)
    assert list(now) == ["v0"] and later == ["v1", "v2"]
    small = {f"s{n}": ("y" * 3_000, None) for n in range(32)}
    assert within_budget(small) == (small, [])
    mixed = {"a": ("z" * 60_000, None), "b": ("z" * 50_000, None), "c": ("z" * 40_000, None)}
    now, later = within_budget(mixed)
    assert list(now) == ["a", "c"] and later == ["b"] and sum(len(t) for t, _ in now.values()) <= LONGEST_TEXT
    alone = {"huge": ("w" * LONGEST_TEXT, None)}
    assert within_budget(alone) == (alone, [])
