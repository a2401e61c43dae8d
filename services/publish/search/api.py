"""Search routes: ``GET /v1/articles`` (a JSON page, or every match as NDJSON) and ``GET /v1/articles/facets``."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Annotated, Any
from urllib.parse import urlencode

import orjson
from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from services.admin_auth import require_admin
from services.http_errors import documented
from services.publish.search import listing, results
from services.publish.search.facets import facets
from services.publish.search.filters import Filters, read_filters, sorted_by
from services.publish.search.query import MAX_LIMIT
from services.publish.search.syntax import MAX_QUERY
from shared.db import session_scope
from shared.errors import InvalidInput
from shared.models import ArticleStatus

router = APIRouter(prefix="/v1", tags=["search"], responses=documented(401, 422, 503))
NDJSON = "application/x-ndjson"


def search_filters(
    q: Annotated[str | None, Query(max_length=MAX_QUERY, description='Words over headline and body, web-search '
                                   'syntax: `"a phrase"`, `-excluded`, `this OR that`', examples=["ceasefire -sport"])
                 ] = None,
    place: Annotated[str | None, Query(description="GeoNames id of a place the article mentions",
                                       examples=["703448"])] = None,
    include: Annotated[str | None, Query(description="`contained`: also the places inside `place` (a country's "
                                         "or a first-level division's towns)")] = None,
    near: Annotated[str | None, Query(description="`lat,lon,km`: mentions a place within km of the point",
                                      examples=["50.45,30.52,200"])] = None,
    bbox: Annotated[str | None, Query(description="`west,south,east,north`: mentions a place inside the box")
                    ] = None,
    country: Annotated[str | None, Query(description="ISO 3166 alpha-2: mentions a place in the country")] = None,
    focus_country: Annotated[str | None, Query(description="ISO 3166 alpha-2: the story's own country")] = None,
    entity: Annotated[str | None, Query(description="Entity id, or its name in any case")] = None,
    source: Annotated[str | None, Query(description="The source (wire service)")] = None,
    language: Annotated[str | None, Query(description="Language code of the article (en, pt-br)")] = None,
    status: Annotated[str | None, Query(description="published (the default); received, enriched, held or failed "
                                        "need the admin key")] = None,
    since: Annotated[str | None, Query(description="From this date (the source's first creation, else arrival):"
                                       " RFC 3339, a date, or a time ago (30m, 12h, 7d, 2w)")] = None,
    until: Annotated[str | None, Query(description="Before this date; same forms as since")] = None,
    updated_since: Annotated[str | None, Query(description="Changed since (for sync); same forms as since")
                             ] = None,
    authorization: Annotated[str | None, Header(description="Bearer <admin key>: only for a status other than "
                                                "published")] = None,
) -> Filters:
    """The filters of a search request; 422 naming the first bad one. What is not published (held back,
    failed, still in the pipeline) is the newsroom's business: only the admin key lists it."""
    filters = read_filters(q=q, place=place, include=include, near=near, bbox=bbox, country=country,
                           focus_country=focus_country, entity=entity, source=source, language=language,
                           status=status, since=since, until=until, updated_since=updated_since)
    if filters.status != ArticleStatus.PUBLISHED:
        require_admin(authorization)
    return filters


SearchFilters = Annotated[Filters, Depends(search_filters)]


def sorted_filters(filters: SearchFilters, sort: Annotated[str | None, Query(
        description="`relevance` (the default with q) or `newest`")] = None) -> Filters:
    """The filters of a listing, in the order asked for (facets and feeds have no order to ask for)."""
    return sorted_by(filters, sort)


SortedFilters = Annotated[Filters, Depends(sorted_filters)]
FILTER_PARAMETERS = frozenset({"q", "place", "include", "near", "bbox", "country", "focus_country", "entity",
                               "source", "language", "status", "since", "until", "updated_since"})


def only_parameters(*extra: str) -> Callable[[Request], None]:
    """A dependency refusing (422, naming it) a query parameter the route does not read or one given twice: a
    misspelt filter (``contry=FR``) would otherwise widen the search to everything without a word."""
    allowed = FILTER_PARAMETERS | set(extra)

    def check(request: Request) -> None:
        seen: set[str] = set()
        for name, value in request.query_params.multi_items():
            if "\ufffd" in name:
                raise InvalidInput(name, "is a parameter name that is not valid UTF-8 once percent-decoded")
            if name not in allowed:
                raise InvalidInput(name, f"is not a parameter of this search; use {', '.join(sorted(allowed))}")
            if name in seen:
                raise InvalidInput(name, "is given more than once; give it once (q takes OR between words)")
            if "\ufffd" in value:  # what the server put where the URL's bytes were not UTF-8
                raise InvalidInput(name, "is not valid UTF-8 once percent-decoded")
            seen.add(name)
    return check
Fields = Annotated[str | None, Query(description=f"Comma-separated fields to return, of {', '.join(results.FIELDS)}"
                                     " (default: all but body)")]


def _wants_ndjson(accept: str) -> bool:
    """Whether the Accept header prefers NDJSON to JSON (by quality; the first named wins a tie)."""
    quality: dict[str, float] = {}
    for rank, part in enumerate(accept.split(",")):
        kind, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        quality.setdefault(kind.strip().lower(), q - rank * 1e-6)
    ndjson = quality.get(NDJSON, 0.0)
    return ndjson > 0 and ndjson > quality.get("application/json", 0.0)


def _lines(batches: Iterator[list[dict[str, Any]]]) -> Iterator[bytes]:
    """One chunk of NDJSON per batch."""
    for batch in batches:
        yield b"".join(orjson.dumps(result) + b"\n" for result in batch)


@router.get("/articles", dependencies=[Depends(only_parameters("sort", "fields", "limit", "cursor"))],
            responses={200: {"description": "A page of results, or every match as NDJSON",
                             "content": {NDJSON: {"schema": {"type": "string"}}}}})
def search_articles(request: Request, filters: SortedFilters, fields: Fields = None,
                    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Results per page")] = 20,
                    cursor: Annotated[str | None, Query(max_length=1000, description="`next_cursor` of the page "
                                                        "before")] = None) -> Response:
    """Find published articles; every filter combines with the others. With `Accept: application/x-ndjson`
    every match is streamed, one JSON object a line; otherwise a page and the cursor of the next."""
    chosen = results.read_fields(fields)
    if _wants_ndjson(request.headers.get("accept", "")):
        for name in ("limit", "cursor"):
            if name in request.query_params:
                raise InvalidInput(name, "applies to pages; an NDJSON export streams every match (ask for "
                                         "application/json to page)")
        # The first batch before the answer starts: a database that is down is a 503 the client can act on,
        # not a 200 whose body stops at nothing (fresh-eyes finding: an empty export file, exit status 18).
        batches = listing.export(filters, chosen)
        first = next(batches)
        return StreamingResponse(_lines(itertools.chain([first], batches)), media_type=NDJSON)
    with session_scope() as session:
        found = listing.find(session, filters, chosen, limit, cursor)
    following = None
    if found.next_cursor:
        query = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
        following = f"{request.url.path}?{urlencode([*query, ('cursor', found.next_cursor)])}"
    return JSONResponse({"results": found.results, "next_cursor": found.next_cursor, "next": following})


@router.get("/articles/facets", dependencies=[Depends(only_parameters())])
def search_facets(filters: SearchFilters) -> dict[str, Any]:
    """How many articles match, per focus country, place (with its point), entity, source and day."""
    with session_scope() as session:
        return facets(session, filters)
