"""A search's results: one page (with the cursor of the next), or every match streamed in batches for export."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from services.publish.search import engines, results
from services.publish.search.cursor import Bound, Cursor, decode
from services.publish.search.filters import Filters, fingerprint
from services.publish.search.query import Selection, chosen_rows, newest_cursor, page_query, rows_of, selection, window
from shared.db import session_scope
from shared.known import aware

EXPORT_BATCH = 500
RELEVANCE_WINDOW = 200
"""How many matches, newest first, relevance ranks together (see _ranked and docs/search.md)."""


@dataclass(frozen=True)
class Found:
    """One page of results and the cursor of the next page (None on the last)."""

    results: list[dict[str, Any]]
    next_cursor: str | None


def find(session: Session, filters: Filters, fields: Sequence[str], limit: int, cursor: str | None = None
         ) -> Found:
    """One page of the articles the filters choose, in their sort order, after ``cursor``."""
    after = decode(cursor, filters.sort, fingerprint(filters)) if cursor else None
    rows, following = _batch(session, filters, fields, limit, after)
    return Found(results.render(session, rows, fields, filters.terms, filters.sort == "relevance"),
                 following.encode() if following else None)


def _batch(session: Session, filters: Filters, fields: Sequence[str], limit: int, after: Cursor | None
           ) -> tuple[list[Any], Cursor | None]:
    engines.plan_each_search(session)
    columns = results.columns(fields)
    query = fingerprint(filters)
    if filters.sort == "relevance":
        as_of = after.as_of if after and after.as_of else datetime.now(UTC)
        return _ranked(session, selection(session, filters, as_of), columns, limit, after, as_of, query)
    chosen = selection(session, filters)
    # The page's article ids first, from the article table and the filters' indexes alone; then their columns:
    # joining every candidate's version before the sort read thousands of wide rows for an entity's 20.
    keys = list(session.execute(page_query(chosen, limit + 1, after)))
    by_id = {row.id: row for row in session.execute(rows_of([key.id for key in keys[:limit]], columns))}
    return [by_id[key.id] for key in keys[:limit]], newest_cursor(keys[limit - 1], query) if len(keys) > limit \
        else None


def _ranked(session: Session, chosen: Selection, columns: list[Any], limit: int, after: Cursor | None,
            as_of: datetime, query: str) -> tuple[list[Any], Cursor | None]:
    """Relevance in windows: the next RELEVANCE_WINDOW matches in newest order, best first within each window.

    A window is bounded by (date, id) positions the cursor carries, so articles arriving meanwhile never move
    an earlier match to another window: nothing is skipped or repeated, and a page ranks one window's matches,
    not every match. Within a window the order is (score descending, article id), compared here. Scores are
    those of the versions current when the walk began (``as_of``): a new version meanwhile neither hides an
    article already passed nor shows one twice (fresh-eyes finding).
    """
    upper, lower = (after.upper, after.lower) if after else (None, None)
    score = (-float(after.key), after.article_id) if after and isinstance(after.key, float) else None
    known = after is not None
    picked: list[tuple[float, str, Bound | None, Bound | None]] = []
    while True:
        found = list(session.execute(window(chosen, upper, lower if known else None, RELEVANCE_WINDOW)))
        if not known:
            lower = (aware(found[-1].dated), found[-1].id) if len(found) == RELEVANCE_WINDOW else None
        # A window's positions may include some not listed (score None: see query._window_of_versions)
        ordered = sorted((-float(row.score), row.id) for row in found if row.score is not None)
        picked += [(-key, article_id, upper, lower) for key, article_id in ordered
                   if score is None or (key, article_id) > score][:limit + 1 - len(picked)]
        if len(picked) > limit or lower is None:
            break
        upper, lower, score, known = lower, None, None, False  # the next window
    shown = picked[:limit]
    by_id = {row.id: row for row in session.execute(chosen_rows(chosen, [p[1] for p in shown], columns))}
    following = None
    if len(picked) > limit:
        key, article_id, row_upper, row_lower = shown[-1]
        following = Cursor("relevance", key, article_id, row_upper, row_lower, as_of, query)
    return [by_id[article_id] for _, article_id, _, _ in shown], following


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
