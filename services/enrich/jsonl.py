"""The JSON-lines form of the enrich stage: {"id", "text"} in, one line of mentions per article out."""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import multiprocessing.pool
import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

import orjson

from shared.enrichment import Enrichment, Entity, Place
from shared.errors import InvalidInput

if TYPE_CHECKING:
    from .pipeline import Enricher

# Long inputs are split into chunks that forked children enrich whole (spaCy, recognition, resolution, the
# output line), so both cores do NLP and nothing but finished lines crosses a pipe. Forking pays off only for
# long inputs; children share the parent's loaded model and gazetteer pages.
PARALLEL_FROM = 256
MAX_PROCESSES = 2
_WINDOW = 3  # chunks in flight per child: keeps every child busy while the parent reads and writes

_forked: Enricher | None = None  # the parent's enricher, inherited by the pool's forked children

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


def _articles(stdin: TextIO) -> Iterator[tuple[object, str]]:
    for number, line in enumerate(stdin, start=1):
        if line.strip():
            yield parse_line(line, number)


def _rows(found: Sequence[Place] | Sequence[Entity]) -> list[dict]:
    """One row per mention: the mention's offsets and text with every field of what it names."""
    rows = []
    for thing in found:
        fields = thing.model_dump(mode="json", exclude={"mentions"})
        rows += [mention.model_dump() | fields for mention in thing.mentions]
    return sorted(rows, key=lambda row: row["start"])


def mention_rows(article_id: object, enrichment: Enrichment) -> dict:
    """One output line: every place mention and every entity mention with its canonical name, and the focus."""
    return {"id": article_id, "places": _rows(enrichment.places), "entities": _rows(enrichment.entities),
            "focus": enrichment.focus.model_dump(mode="json")}


def _chunk_lines(enricher: Enricher, chunk: list[tuple[object, str]]) -> bytes:
    """The output lines of one chunk of articles."""
    results = enricher.enrich([text for _, text in chunk])
    return b"".join(orjson.dumps(mention_rows(article_id, enrichment)) + b"\n"
                    for (article_id, _), enrichment in zip(chunk, results, strict=True))


def _enrich_chunk(chunk: list[tuple[object, str]]) -> bytes:
    """In a forked child: the output lines of one chunk, by the enricher inherited from the parent."""
    assert _forked is not None, "the pool must be forked from a parent that set the enricher"
    return _chunk_lines(_forked, chunk)


def _chunks(articles: Iterator[tuple[object, str]], size: int) -> Iterator[list[tuple[object, str]]]:
    """Lists of ``size`` articles; the lines read before a bad one still come out before its error."""
    chunk: list[tuple[object, str]] = []
    error: InvalidInput | None = None
    try:
        for article in articles:
            chunk.append(article)
            if len(chunk) == size:
                yield chunk
                chunk = []
    except InvalidInput as exc:
        error = exc
    if chunk:
        yield chunk
    if error is not None:
        raise error


def _raising(error: InvalidInput) -> Iterator[tuple[object, str]]:
    """No more articles: the error of the line that stopped the reading, raised where it is next read."""
    raise error
    yield  # a generator, so the error waits for its turn


def enrich_lines(enricher: Enricher, stdin: TextIO, stdout: TextIO, batch_size: int = 64,
                 processes: int | None = None) -> int:
    """Enrich every line of ``stdin`` onto ``stdout`` in order; return how many articles were written.

    Long inputs go to ``processes`` forked children (default: one per core, at most two) in chunks of
    ``batch_size``; short ones stay in this process. A bad line raises InvalidInput naming it, after every
    line before it has been written.
    """
    batch_size = max(1, batch_size)
    articles: Iterator[tuple[object, str]] = _articles(stdin)
    head: list[tuple[object, str]] = []
    try:  # a bad line among the first ones still lets the lines before it out first
        for article in articles:
            head.append(article)
            if len(head) == PARALLEL_FROM:
                break
    except InvalidInput as exc:
        articles = _raising(exc)
    if processes is None:
        cores = os.cpu_count() or 1
        processes = max(1, min(MAX_PROCESSES, cores)) if len(head) == PARALLEL_FROM else 1
    chunks = _chunks(itertools.chain(head, articles), batch_size)
    if processes == 1:
        count = 0
        for chunk in chunks:
            stdout.write(_chunk_lines(enricher, chunk).decode())
            count += len(chunk)
            stdout.flush()  # downstream readers see whole batches as they finish
        return count
    return _enrich_forked(enricher, chunks, stdout, processes)


def _enrich_forked(enricher: Enricher, chunks: Iterator[list[tuple[object, str]]], stdout: TextIO,
                   processes: int) -> int:
    global _forked
    _forked = enricher
    count = 0
    pending: collections.deque[tuple[int, multiprocessing.pool.AsyncResult]] = collections.deque()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        try:
            for chunk in chunks:
                pending.append((len(chunk), pool.apply_async(_enrich_chunk, (chunk,))))
                while len(pending) >= processes * _WINDOW:
                    count += _write(pending.popleft(), stdout)
        finally:  # a bad line stops the reading, not the writing of what came before it
            while pending:
                count += _write(pending.popleft(), stdout)
            _forked = None
    return count


def _write(done: tuple[int, multiprocessing.pool.AsyncResult], stdout: TextIO) -> int:
    size, result = done
    stdout.write(result.get().decode())
    stdout.flush()
    return size


def enrich_jsonl(stdin: TextIO, stdout: TextIO, batch_size: int = 64) -> int:
    """Read {"id", "text"} lines, write one line of places and entities per mention; return the count."""
    from .pipeline import get_enricher

    return enrich_lines(get_enricher(), stdin, stdout, batch_size)
