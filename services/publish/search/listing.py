"""A search's results: one page (with the cursor of the next), or every match streamed in batches for export."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from services.publish.search import results
from services.publish.search.cursor import Cursor, decode
from services.publish.search.filters import Filters
from services.publish.search.query import cursor_after, page_query, selection
from shared.db import session_scope

EXPORT_BATCH = 500


@dataclass(frozen=True)
class Found:
    """One page of results and the cursor of the next page (None on the last)."""

    results: list[dict[str, Any]]
    next_cursor: str | None


def find(session: Session, filters: Filters, fields: Sequence[str], limit: int, cursor: str | None = None
         ) -> Found:
    """One page of the articles the filters choose, in their sort order, after ``cursor``."""
    after = decode(cursor, filters.sort) if cursor else None
    rows, following = _batch(session, filters, fields, limit, after)
    return Found(results.render(session, rows, fields, filters.terms, filters.sort == "relevance"),
                 following.encode() if following else None)


def _batch(session: Session, filters: Filters, fields: Sequence[str], limit: int, after: Cursor | None
           ) -> tuple[list[Any], Cursor | None]:
    chosen = selection(session, filters)
    rows = list(session.execute(page_query(chosen, filters.sort, limit + 1, after, results.columns(fields))))
    following = cursor_after(filters.sort, rows[limit - 1]) if len(rows) > limit else None
    return rows[:limit], following


def export(filters: Filters, fields: Sequence[str]) -> Iterator[list[dict[str, Any]]]:
    """Every match, in order, a batch at a time, each read in a short transaction of its own: memory stays flat
    however many there are, and no transaction stays open while a slow client reads."""
    after: Cursor | None = None
    while True:
        with session_scope() as session:
            rows, following = _batch(session, filters, fields, EXPORT_BATCH, after)
            batch = results.render(session, rows, fields, filters.terms, filters.sort == "relevance")
        yield batch
        if following is None:
            return
        after = following
