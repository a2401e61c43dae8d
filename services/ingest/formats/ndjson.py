"""application/x-ndjson: a batch, one ninjs object per line; blank lines are skipped."""

from __future__ import annotations

from shared.errors import InvalidInput

from .ninjs import parse_ninjs
from .submission import Submission

MAX_ITEMS = 1000


def lines(text: str) -> list[str]:
    """The lines of an NDJSON body: split on LF (CRLF too), never on the other breaks ``str.splitlines`` knows.

    U+2028 and U+0085 may stand inside a JSON string, so they cannot end a line; a form feed or vertical tab
    is an error of the line it is on, reported with that line's number.
    """
    return [line.removesuffix("\r") for line in text.removesuffix("\n").split("\n")]


def parse_ndjson(text: str) -> list[Submission]:
    """One Submission per non-blank line; errors name the line (counted from 1, blank lines included)."""
    return [submission for _, submission in parse_numbered(text)]


def parse_numbered(text: str) -> list[tuple[int, Submission]]:
    """Each non-blank line's number (counted from 1, blank lines included) and its Submission."""
    numbered = [(number, line) for number, line in enumerate(lines(text), start=1) if line.strip()]
    if not numbered:
        raise InvalidInput("body", "no items: every line is blank")
    if len(numbered) > MAX_ITEMS:
        raise InvalidInput("body", f"{len(numbered)} items; a batch holds at most {MAX_ITEMS}")
    return [(number, parse_ninjs(line, number)) for number, line in numbered]
