"""Opaque paging cursors: the sort and the (sort key, article id) of the last article a page showed.

A keyset, not an offset: the next page starts strictly after that pair, so articles inserted meanwhile never
shift a page (no skips, no repeats) and paging costs the same at any depth. A relevance cursor also carries the
bounds of its window (query.py): the (date, article id) pairs between which the scores are compared.
"""

from __future__ import annotations

import base64
import binascii
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

    For relevance, ``upper`` and ``lower`` bound the window the score belongs to (None: unbounded).
    """

    sort: str
    key: datetime | float
    article_id: str
    upper: Bound | None = None
    lower: Bound | None = None

    def encode(self) -> str:
        """The cursor as URL-safe text."""
        key = self.key.isoformat() if isinstance(self.key, datetime) else self.key
        bounds = [[bound[0].isoformat(), bound[1]] if bound else None for bound in (self.upper, self.lower)]
        raw = orjson.dumps([self.sort, key, self.article_id, *bounds])
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _bound(value: Any) -> Bound | None:
    if value is None:
        return None
    moment, article_id = value
    if not isinstance(article_id, str):
        raise TypeError
    return datetime.fromisoformat(moment), article_id


def decode(text: str, sort: str) -> Cursor:
    """The cursor a page handed out; InvalidInput if it is not one or belongs to another sort."""
    try:
        found_sort, key, article_id, *bounds = orjson.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        if not isinstance(article_id, str) or len(bounds) not in (0, 2):
            raise TypeError
        upper, lower = (_bound(bounds[0]), _bound(bounds[1])) if bounds else (None, None)
        moment = datetime.fromisoformat(key) if found_sort == "newest" else None
        score = float(key) if found_sort == "relevance" and isinstance(key, int | float) else None
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise InvalidInput("cursor", "is not a cursor this API handed out") from None
    if found_sort != sort:
        raise InvalidInput("cursor", f"was made for sort={found_sort}, not sort={sort}")
    value = moment if moment is not None else score
    if value is None:
        raise InvalidInput("cursor", "is not a cursor this API handed out")
    return Cursor(sort, value, article_id, upper, lower)
