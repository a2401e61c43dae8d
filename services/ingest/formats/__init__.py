"""Input formats: turn a request body of a given media type into Submissions (one module per format).

``parse`` is cheap (it runs inside the HTTP request): it decodes, checks and maps fields; the heavy
work of finding the article in a page is normalize's.
"""

from __future__ import annotations

from collections.abc import Callable

from services.ingest import encoding
from shared.errors import InvalidInput, UnsupportedMediaType

from .html import parse_html
from .ndjson import parse_ndjson, parse_numbered
from .ninjs import parse_ninjs
from .plaintext import parse_text
from .submission import Submission

__all__ = ["Submission", "media_type", "parse", "PARSERS"]

PARSERS: dict[str, Callable[[str], list[Submission]]] = {
    "application/json": lambda text: [parse_ninjs(text)],
    "application/x-ndjson": parse_ndjson,
    "text/plain": lambda text: [parse_text(text)],
    "text/html": lambda text: [parse_html(text)],
}


def media_type(content_type: str) -> str:
    """The media type a Content-Type header names: lower case, its parameters (such as charset) dropped."""
    return content_type.split(";", 1)[0].strip().lower()


def parse(content_type: str, body: bytes, check: Callable[[Submission], object] | None = None
          ) -> list[Submission]:
    """The Submissions in ``body``, read by its media type in its charset (services/ingest/encoding.py).

    ``check`` (the ingest worker's normalisation) is run on each; its InvalidInput names the line of a batch.
    """
    kind = media_type(content_type)
    parser = PARSERS.get(kind)
    if parser is None:
        accepted = ", ".join(sorted(PARSERS))
        given = kind or "no media type"
        raise UnsupportedMediaType("content-type", f"{given} is not accepted; send one of {accepted}")
    text = decode(content_type, body)
    if kind != "application/x-ndjson":
        submissions = parser(text)
        for submission in submissions:
            if check is not None:
                check(submission)
        return submissions
    numbered = parse_numbered(text)
    for line, submission in numbered:
        if check is not None:
            try:
                check(submission)
            except InvalidInput as exc:
                raise InvalidInput(f"line {line}: {exc.field}", exc.reason) from None
    return [submission for _, submission in numbered]


def decode(content_type: str, body: bytes) -> str:
    """The body as text in its charset (a leading byte-order mark is dropped), no NUL, not blank."""
    if not body:
        raise InvalidInput("body", "empty body")
    text = encoding.text(content_type, body, html=media_type(content_type) == "text/html")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InvalidInput("body", "no text: the body is only whitespace")
    return text
