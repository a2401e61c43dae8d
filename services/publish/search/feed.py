"""Saved searches as feeds: ``/feeds/search.{atom,rss,json}?q=…&place=…`` lists a search's newest matches."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from services.publish.feeds import FORMATS, FeedMeta, etag, render
from services.publish.feeds.query import entries_of
from services.publish.search import listing
from services.publish.search.api import only_parameters, search_filters
from services.publish.search.filters import Filters
from shared.db import session_scope
from shared.errors import InvalidInput
from shared.settings import get_settings

router = APIRouter(prefix="/feeds", tags=["feeds"])


def _title(request: Request) -> str:
    asked = ", ".join(f"{key}={value}" for key, value in request.query_params.multi_items()
                      if key != "cursor" and value.strip())
    return f"newsflow search: {asked or 'everything'}"


def _build(request: Request, fmt: str, filters: Filters, cursor: str | None) -> tuple[bytes, str]:
    """The feed page: the newest matches (after ``cursor``), and the rendered body's ETag."""
    settings = get_settings()
    newest = replace(filters, sort="newest")  # a feed lists what came last, whatever the words
    with session_scope() as session:
        found = listing.find(session, newest, ("id",), settings.feed_size, cursor)
        items = entries_of(session, [result["id"] for result in found.results])
    query = [(key, value) for key, value in request.query_params.multi_items() if key != "cursor"]
    url = f"{settings.base_url}{request.url.path}" + (f"?{urlencode(query)}" if query else "")
    following = f"{settings.base_url}{request.url.path}?{urlencode([*query, ('cursor', found.next_cursor)])}" \
        if found.next_cursor else None
    languages = Counter(item.language for item in items if item.language).most_common(1)
    updated = max((item.updated for item in items), default=datetime(1970, 1, 1, tzinfo=UTC))
    meta = FeedMeta(id=url, title=_title(request), self_url=url, home_url=settings.base_url, updated=updated,
                    next_url=following, language=languages[0][0] if languages else FeedMeta.language)
    body = render(fmt, meta, items)
    return body, etag(body)


@router.get("/search.{fmt}", dependencies=[Depends(only_parameters("cursor"))])
async def search_feed(request: Request, fmt: str, filters: Annotated[Filters, Depends(search_filters)],
                      cursor: Annotated[str | None, Query(max_length=1000, description="The next page's cursor, "
                                                          "from the feed's next link")] = None) -> Response:
    """A saved search as a feed (atom, rss or json): the newest articles matching the same filters as
    GET /v1/articles, so a reader can follow a query."""
    if fmt not in FORMATS:
        raise InvalidInput("format", f"{fmt!r} is not one of {', '.join(sorted(FORMATS))}")
    body, tag = await run_in_threadpool(_build, request, fmt, filters, cursor)
    headers = {"ETag": tag, "Cache-Control": "public, max-age=30"}
    if tag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=FORMATS[fmt], headers=headers)
