"""Feed routes: everything, per place, entity, country and source, in Atom, RSS and JSON Feed, paged."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Annotated
from urllib.parse import quote, urlencode

import pycountry
from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from services.http_errors import documented
from services.publish.feeds import FORMATS, FeedMeta, etag, render
from services.publish.feeds.query import Scope, Window, entity_name, entries, place_name, stamp
from shared import state
from shared.db import session_scope
from shared.errors import InvalidInput, NotFound
from shared.settings import get_settings

# Every feed names something that may not exist (a place, an entity, a source, a country, a format): 404.
router = APIRouter(prefix="/feeds", tags=["feeds"], responses=documented(404))

# Ids are 32-bit integers in the database; a larger number names nothing and must not reach a query.
MAX_ID = 2**31 - 1
MAX_SOURCE = 200  # the article.source column
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="A positive 32-bit id")]
Page = Annotated[int, Query(ge=1, le=MAX_ID, description="The page, from 1 (newest first)")]
Before = Annotated[str | None, Query(max_length=64, description="RFC 3339 date-time with an offset: the "
                                     "entries published before it")]


@dataclass(frozen=True)
class Rendered:
    """A feed as served: body, ETag, and the moment its content last changed."""

    fingerprint: tuple[datetime, int]
    body: bytes
    etag: str
    last_modified: datetime


# Rendering is cached per feed page and redone only when the page's fingerprint moves (a publish,
# update or withdrawal in its scope), so a burst of readers never renders the same feed twice.
_cache: dict[tuple[str, Scope, Window], Rendered] = {}
state.on_reset("feed_cache", _cache.clear)
_cache_lock = threading.Lock()


def _title(session, scope: Scope) -> str:  # type: ignore[no-untyped-def]
    """The feed's title; NotFound when the place or entity was never seen."""
    if scope.place is not None:
        name = place_name(session, scope.place)
        if name is None:
            raise NotFound(f"no article mentions place {scope.place}")
        return f"newsflow: {name}"
    if scope.entity is not None:
        name = entity_name(session, scope.entity)
        if name is None:
            raise NotFound(f"no entity {scope.entity}")
        return f"newsflow: {name}"
    if scope.country is not None:
        country = pycountry.countries.get(alpha_2=scope.country)
        return f"newsflow: {country.name if country else scope.country}"
    if scope.source is not None:
        return f"newsflow: from {scope.source}"
    return "newsflow: all articles"


def _page_url(url: str, window: Window, last: datetime) -> str:
    """The next page's URL, continuing the paging style the reader used."""
    if window.before is not None:
        return f"{url}?{urlencode({'before': last.isoformat()})}"
    return f"{url}?{urlencode({'page': window.page + 1})}"


def _build(fmt: str, scope: Scope, window: Window, path: str) -> Rendered:
    """The rendered feed page, re-rendered only when its selection changed."""
    if fmt not in FORMATS:
        raise InvalidInput("format", f"{fmt!r} is not one of {', '.join(sorted(FORMATS))}")
    settings = get_settings()
    with session_scope() as session:
        title = _title(session, scope)
        fingerprint = stamp(session, scope)
        cached = _cache.get((fmt, scope, window))
        if cached and cached.fingerprint == fingerprint:
            return cached
        items, next_before = entries(session, scope, settings.feed_size, window)
    url = f"{settings.base_url}{quote(path)}"
    last_modified = fingerprint[0]
    languages = Counter(item.language for item in items if item.language).most_common(1)
    meta = FeedMeta(id=url, title=title, self_url=url, home_url=settings.base_url, updated=last_modified,
                    next_url=_page_url(url, window, next_before) if next_before else None,
                    hub_url=settings.websub_hub or None, author=scope.source,
                    language=languages[0][0] if languages else FeedMeta.language)
    body = render(fmt, meta, items)
    rendered = Rendered(fingerprint, body, etag(body), last_modified)
    if window.before is None:  # arbitrary ?before= moments would grow the cache without bound
        with _cache_lock:
            _cache[(fmt, scope, window)] = rendered
    return rendered


def _not_modified(request: Request, rendered: Rendered) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present; otherwise If-Modified-Since."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return rendered.etag in if_none_match or if_none_match.strip() == "*"
    since = request.headers.get("if-modified-since")
    if not since:
        return False
    try:
        moment = parsedate_to_datetime(since)
    except (TypeError, ValueError, IndexError):
        return False  # an unreadable date is ignored, as RFC 9110 says
    if moment.tzinfo is None:
        return False
    return rendered.last_modified.replace(microsecond=0) <= moment


def _window(page: int, before: str | None) -> Window:
    """The requested page, from ``?page=N`` or ``?before=<RFC 3339 time>``."""
    if page < 1:
        raise InvalidInput("page", "must be 1 or more")
    if before is None:
        return Window(page=page)
    try:
        moment = datetime.fromisoformat(before)
    except ValueError:
        raise InvalidInput("before", "must be an RFC 3339 date-time with an offset") from None
    if moment.tzinfo is None:
        raise InvalidInput("before", "must carry an offset (Z or +hh:mm)")
    try:
        return Window(before=moment.astimezone(UTC))
    except OverflowError:  # 0001-01-01T00:00+01:00 lies before the first moment a datetime can hold
        raise InvalidInput("before", f"{before!r} lies outside the years 1 to 9999 in UTC") from None


async def _serve(request: Request, fmt: str, scope: Scope, page: int, before: str | None) -> Response:
    rendered = await run_in_threadpool(_build, fmt, scope, _window(page, before), request.url.path)
    headers = {"ETag": rendered.etag, "Last-Modified": format_datetime(rendered.last_modified, usegmt=True),
               "Cache-Control": "public, max-age=30"}
    if get_settings().websub_hub:
        headers["Link"] = f'<{get_settings().websub_hub}>; rel="hub", <{request.url}>; rel="self"'
    if _not_modified(request, rendered):
        return Response(status_code=304, headers=headers)
    return Response(rendered.body, media_type=FORMATS[fmt], headers=headers)


@router.get("/all.{fmt}")
async def all_articles(request: Request, fmt: str, page: Page = 1, before: Before = None) -> Response:
    """Every published article."""
    return await _serve(request, fmt, Scope(), page, before)


@router.get("/places/{geonameid}.{fmt}")
async def by_place(request: Request, geonameid: Id, fmt: str, page: Page = 1, before: Before = None
                   ) -> Response:
    """Articles that mention one place (by GeoNames id)."""
    return await _serve(request, fmt, Scope(place=geonameid), page, before)


@router.get("/entities/{entity_id}.{fmt}")
async def by_entity(request: Request, entity_id: Id, fmt: str, page: Page = 1, before: Before = None
                    ) -> Response:
    """Articles that mention one person, organisation or group (by entity id)."""
    return await _serve(request, fmt, Scope(entity=entity_id), page, before)


@router.get("/countries/{country}.{fmt}")
async def by_country(request: Request, country: str, fmt: str, page: Page = 1, before: Before = None
                     ) -> Response:
    """Articles whose main place is in one country (ISO 3166 alpha-2 code)."""
    code = country.upper()
    if pycountry.countries.get(alpha_2=code) is None:
        raise InvalidInput("country", f"{country!r} is not an ISO 3166 alpha-2 code")
    return await _serve(request, fmt, Scope(country=code), page, before)


@router.get("/sources/{source}.{fmt}")
async def by_source(request: Request, source: str, fmt: str, page: Page = 1, before: Before = None
                    ) -> Response:
    """Articles from one source (wire service)."""
    if len(source) > MAX_SOURCE:
        raise InvalidInput("source", f"is {len(source)} characters long; source names have at most {MAX_SOURCE}")
    return await _serve(request, fmt, Scope(source=source), page, before)
