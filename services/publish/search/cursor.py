"""Opaque paging cursors: the sort and the (sort key, article id) of the last article a page showed.

A keyset, not an offset: the next page starts strictly after that pair, so articles inserted meanwhile never
shift a page (no skips, no repeats) and paging costs the same at any depth.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

import orjson

from shared.errors import InvalidInput


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: after ``key`` (a date for newest, a score for relevance) and ``article_id``."""

    sort: str
    key: datetime | float
    article_id: str

    def encode(self) -> str:
        """The cursor as URL-safe text."""
        key = self.key.isoformat() if isinstance(self.key, datetime) else self.key
        raw = orjson.dumps([self.sort, key, self.article_id])
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(text: str, sort: str) -> Cursor:
    """The cursor a page handed out; InvalidInput if it is not one or belongs to another sort."""
    try:
        found_sort, key, article_id = orjson.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        if not isinstance(article_id, str):
            raise TypeError
        moment = datetime.fromisoformat(key) if found_sort == "newest" else None
        score = float(key) if found_sort == "relevance" and isinstance(key, int | float) else None
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise InvalidInput("cursor", "is not a cursor this API handed out") from None
    if found_sort != sort:
        raise InvalidInput("cursor", f"was made for sort={found_sort}, not sort={sort}")
    value = moment if moment is not None else score
    if value is None:
        raise InvalidInput("cursor", "is not a cursor this API handed out")
    return Cursor(sort, value, article_id)
