"""The JSON-lines form of the enrich stage: {"id", "text"} in, one line of mentions per article out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

import orjson

from shared.errors import InvalidInput

if TYPE_CHECKING:
    from .pipeline import Enricher, Enrichment


def parse_line(line: str, number: int) -> tuple[object, str]:
    """The id and text of one input line; InvalidInput naming the line otherwise."""
    field = f"line {number}"
    try:
        row = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise InvalidInput(field, f"not JSON: {exc}") from exc
    if not isinstance(row, dict):
        raise InvalidInput(field, "expected a JSON object with \"id\" and \"text\"")
    if "id" not in row:
        raise InvalidInput(field, "missing \"id\"")
    if not isinstance(row.get("text"), str):
        raise InvalidInput(field, "\"text\" must be a string")
    return row["id"], row["text"]


def _batches(stdin: TextIO, size: int) -> Iterator[list[tuple[object, str]]]:
    batch: list[tuple[object, str]] = []
    for number, line in enumerate(stdin, start=1):
        if line.strip():
            batch.append(parse_line(line, number))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def mention_rows(article_id: object, enrichment: Enrichment) -> dict:
    """One output line: every place mention and every entity mention with its canonical name."""
    places = [{"start": s.start, "end": s.end, "text": s.text, "lat": p.lat, "lon": p.lon,
               "geonameid": p.geonameid, "name": p.name, "country_code": p.country_code,
               "confidence": p.confidence} for p in enrichment.places for s in p.mentions]
    entities = [{"start": s.start, "end": s.end, "label": e.label, "text": s.text, "name": e.name}
                for e in enrichment.entities for s in e.mentions]
    return {"id": article_id, "places": sorted(places, key=lambda r: r["start"]),
            "entities": sorted(entities, key=lambda r: r["start"])}


def enrich_lines(enricher: Enricher, stdin: TextIO, stdout: TextIO, batch_size: int = 32) -> int:
    """Enrich every line of ``stdin`` onto ``stdout`` in batches; return how many articles were written."""
    count = 0
    for batch in _batches(stdin, max(1, batch_size)):
        for (article_id, _), enrichment in zip(batch, enricher.enrich([t for _, t in batch]), strict=True):
            stdout.write(orjson.dumps(mention_rows(article_id, enrichment)).decode() + "\n")
            count += 1
        stdout.flush()
    return count
