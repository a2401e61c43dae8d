"""Opaque paging cursors: the sort and the (sort key, article id) of the last article a page showed.

A keyset, not an offset: the next page starts strictly after that pair, so articles inserted meanwhile never
shift a page (no skips, no repeats) and paging costs the same at any depth. A relevance cursor also carries the
bounds of its window (query.py): the (date, article id) pairs between which the scores are compared.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from shared.errors import InvalidInput

Bound = tuple[datetime, str]
"""A (date, article id) position in newest order."""


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: after ``key`` (a date for newest, a score for relevance) and ``article_id``.

    For relevance, ``upper`` and ``lower`` bound the window the score belongs to (None: unbounded), and
    ``as_of`` is when the walk began: scores are those of the versions current then, so a new version's score
    never moves an article across the cursor. ``query`` fingerprints the filters the cursor was made for.
    """

    sort: str
    key: datetime | float
    article_id: str
    upper: Bound | None = None
    lower: Bound | None = None
    as_of: datetime | None = None
    query: str = ""

    def encode(self) -> str:
        """The cursor as URL-safe text."""
        key = self.key.isoformat() if isinstance(self.key, datetime) else self.key
        bounds = [[bound[0].isoformat(), bound[1]] if bound else None for bound in (self.upper, self.lower)]
        as_of = self.as_of.isoformat() if self.as_of else None
        raw = orjson.dumps([self.sort, key, self.article_id, *bounds, as_of, self.query])
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")


_ID = re.compile(r"[0-9A-Za-z-]{1,64}")  # an article id as this API hands them out (a UUID)


def _article_id(value: Any) -> str:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise TypeError  # a hand-made id (a NUL byte in it reached PostgreSQL as a 500: fresh-eyes finding)
    return value


def _bound(value: Any) -> Bound | None:
    if value is None:
        return None
    moment, article_id = value
    _article_id(article_id)
    return datetime.fromisoformat(moment), article_id


def decode(text: str, sort: str, query: str = "") -> Cursor:
    """The cursor a page handed out; InvalidInput if it is not one, or was made for another sort or query."""
    try:
        found_sort, key, article_id, *rest = orjson.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        if len(rest) not in (0, 2, 4):
            raise TypeError
        _article_id(article_id)
        upper, lower = (_bound(rest[0]), _bound(rest[1])) if rest else (None, None)
        as_of = datetime.fromisoformat(rest[2]) if len(rest) == 4 and rest[2] is not None else None
        made_for = rest[3] if len(rest) == 4 else ""
        if not isinstance(made_for, str):
            raise TypeError
        moment = datetime.fromisoformat(key) if found_sort == "newest" else None
        score = float(key) if found_sort == "relevance" and isinstance(key, int | float) else None
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise InvalidInput("cursor", "is not a cursor this API handed out") from None
    if found_sort != sort:
        raise InvalidInput("cursor", f"was made for sort={found_sort}, not sort={sort}")
    if made_for and query and made_for != query:
        raise InvalidInput("cursor", "was made for other filters: a cursor continues the search that handed it out")
    value = moment if moment is not None else score
    if value is None:
        raise InvalidInput("cursor", "is not a cursor this API handed out")
    return Cursor(sort, value, article_id, upper, lower, as_of, made_for)
