"""The JSON-lines form of the enrich stage: {"id", "text"} in, one line of mentions per article out.

Every input line gets its output line, in order: a line that cannot be read or enriched gets
``{"id", "line", "error"}`` and the rest go on.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import multiprocessing.pool
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

import orjson

from shared.enrichment import LONGEST_TEXT, Enrichment, Entity, Place
from shared.errors import InvalidInput
from shared.json_keys import refuse_duplicate_keys

if TYPE_CHECKING:
    from .pipeline import Enricher

# Long inputs are split into chunks that forked children enrich whole (spaCy, recognition, resolution, the
# output line), so both cores do NLP and nothing but finished lines crosses a pipe. Forking pays off only for
# long inputs; children share the parent's loaded model and gazetteer pages.
PARALLEL_FROM = 256
MAX_PROCESSES = 2
_WINDOW = 3  # chunks in flight per child: keeps every child busy while the parent reads and writes

_forked: Enricher | None = None  # the parent's enricher, inherited by the pool's forked children


@dataclass(frozen=True)
class Line:
    """One input line: its number, the article's id (None if unreadable) and text, or why it cannot be read."""

    number: int
    article_id: object = None
    text: str = ""
    error: str | None = None


@dataclass(frozen=True)
class Outcome:
    """How many lines were answered, and how many of those answers are errors."""

    answered: int = 0
    failed: int = 0

    def __add__(self, other: Outcome) -> Outcome:
        return Outcome(self.answered + other.answered, self.failed + other.failed)


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
    if not isinstance(row["id"], (str, int)) or isinstance(row["id"], bool):
        raise InvalidInput(field, "\"id\" must be a string or an integer")
    if "text" not in row:
        raise InvalidInput(field, "missing \"text\"")
    if not isinstance(row["text"], str):
        raise InvalidInput(field, "\"text\" must be a string")
    if len(row["text"]) > LONGEST_TEXT:  # as the API refuses it (413): enriched whole, it would take minutes
        raise InvalidInput(field, f"\"text\" is longer than {LONGEST_TEXT:,} characters")
    refuse_duplicate_keys(line, field)
    return row["id"], row["text"]


def read_line(line: str, number: int) -> Line:
    """One input line as a Line; a bad one carries its error (and its id, when it has one) instead of a text."""
    try:
        article_id, text = parse_line(line, number)
    except InvalidInput as exc:
        try:
            row = orjson.loads(line)
        except orjson.JSONDecodeError:
            row = None
        known = row.get("id") if isinstance(row, dict) else None
        return Line(number, known, error=f"{exc.field}: {exc.reason}")
    return Line(number, article_id, text)


def _lines(stdin: TextIO) -> Iterator[Line]:
    # Every line is answered, a blank one between articles too, so that output line N answers input line N;
    # only blank lines at the very end (an editor's trailing newlines) are not articles.
    blanks: list[int] = []
    for number, line in enumerate(stdin, start=1):
        if number == 1:
            line = line.removeprefix("\ufeff")  # a byte-order mark some editors write, as the API accepts it
        if not line.strip():
            blanks.append(number)
            continue
        for blank in blanks:
            yield Line(blank, None, error=f"line {blank}: empty line, expected a JSON object with \"id\" and \"text\"")
        blanks = []
        yield read_line(line, number)


def _rows(found: Sequence[Place] | Sequence[Entity]) -> list[dict]:
    """One row per mention: the mention's offsets and text with every field of what it names."""
    rows = []
    for thing in found:
        fields = thing.model_dump(mode="json", exclude={"mentions"})
        rows += [mention.model_dump() | fields for mention in thing.mentions]
    return sorted(rows, key=lambda row: row["start"])


def mention_rows(article_id: object, enrichment: Enrichment) -> dict:
    """One output line: every place mention and every entity mention with its canonical name, and the focus.

    The one place a good line's output is built: a field added to the enrichment's output is added here.
    """
    return {"id": article_id, "places": _rows(enrichment.places), "entities": _rows(enrichment.entities),
            "focus": enrichment.focus.model_dump(mode="json")}


def error_row(line: Line) -> dict:
    """The output line of an input line that has no enrichment: its id (or null), its number and why."""
    return {"id": line.article_id, "line": line.number, "error": line.error}


def _enriched(enricher: Enricher, lines: list[Line]) -> list[Line | Enrichment]:
    """Each readable line's enrichment; one the enricher fails on becomes a Line with the error, alone."""
    try:
        return list(enricher.enrich([line.text for line in lines]))
    except Exception as exc:  # reported on the line's own output line and in the exit code, not hidden
        if len(lines) == 1:
            line = lines[0]
            return [Line(line.number, line.article_id,
                         error=f"line {line.number}: enrichment failed: {type(exc).__name__}: {exc}")]
    # One text broke the batch: enrich each alone, so only the broken one is answered with its error.
    return [answer for line in lines for answer in _enriched(enricher, [line])]


def _chunk_lines(enricher: Enricher, chunk: list[Line]) -> tuple[bytes, Outcome]:
    """The output lines of one chunk of input lines, in order, and how many of them are errors."""
    readable = [line for line in chunk if line.error is None]
    results = iter(_enriched(enricher, readable) if readable else [])
    out, failed = [], 0
    for line in chunk:
        answer = line if line.error is not None else next(results)
        if isinstance(answer, Line):
            failed += 1
            out.append(orjson.dumps(error_row(answer)) + b"\n")
        else:
            out.append(orjson.dumps(mention_rows(line.article_id, answer)) + b"\n")
    return b"".join(out), Outcome(len(chunk), failed)


def _enrich_chunk(chunk: list[Line]) -> tuple[bytes, Outcome]:
    """In a forked child: the output lines of one chunk, by the enricher inherited from the parent."""
    assert _forked is not None, "the pool must be forked from a parent that set the enricher"
    return _chunk_lines(_forked, chunk)


def _chunks(lines: Iterator[Line], size: int) -> Iterator[list[Line]]:
    """Lists of ``size`` lines (the last one shorter)."""
    while chunk := list(itertools.islice(lines, size)):
        yield chunk


def enrich_lines(enricher: Enricher, stdin: TextIO, stdout: TextIO, batch_size: int = 64,
                 processes: int | None = None) -> Outcome:
    """Answer every line of ``stdin`` on ``stdout``, in order: its enrichment, or an error naming the line.

    Long inputs go to ``processes`` forked children (default: one per core, at most two) in chunks of
    ``batch_size``; short ones stay in this process.
    """
    batch_size = max(1, batch_size)
    lines = _lines(stdin)
    head = list(itertools.islice(lines, PARALLEL_FROM))
    if processes is None:
        cores = os.cpu_count() or 1
        processes = max(1, min(MAX_PROCESSES, cores)) if len(head) == PARALLEL_FROM else 1
    chunks = _chunks(itertools.chain(head, lines), batch_size)
    if processes == 1:
        outcome = Outcome()
        for chunk in chunks:
            outcome += _write(_chunk_lines(enricher, chunk), stdout)
        return outcome
    return _enrich_forked(enricher, chunks, stdout, processes)


def _enrich_forked(enricher: Enricher, chunks: Iterator[list[Line]], stdout: TextIO, processes: int) -> Outcome:
    global _forked
    _forked = enricher
    outcome = Outcome()
    pending: collections.deque[multiprocessing.pool.AsyncResult] = collections.deque()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        try:
            for chunk in chunks:
                pending.append(pool.apply_async(_enrich_chunk, (chunk,)))
                while len(pending) >= processes * _WINDOW:
                    outcome += _write(pending.popleft().get(), stdout)
            while pending:
                outcome += _write(pending.popleft().get(), stdout)
        finally:
            _forked = None
    return outcome


def _write(done: tuple[bytes, Outcome], stdout: TextIO) -> Outcome:
    data, outcome = done
    stdout.write(data.decode())
    stdout.flush()  # downstream readers see whole batches as they finish
    return outcome


def enrich_jsonl(stdin: TextIO, stdout: TextIO, batch_size: int = 64) -> Outcome:
    """Read {"id", "text"} lines, write one line of places and entities per line (or its error)."""
    from .pipeline import get_enricher

    return enrich_lines(get_enricher(), stdin, stdout, batch_size)
