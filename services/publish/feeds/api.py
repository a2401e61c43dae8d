"""Feed routes: /feeds/all, /feeds/places/<geonameid>, /feeds/entities/<id> in Atom, RSS and JSON Feed."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from services.publish.feeds import FORMATS, FeedMeta, etag, render
from services.publish.feeds.query import Scope, entity_name, entries, place_name, stamp
from shared.db import session_scope
from shared.errors import InvalidInput, NotFound
from shared.settings import get_settings

router = APIRouter(prefix="/feeds", tags=["feeds"])
_cache: dict[tuple[str, Scope], tuple[tuple[str, int], bytes, str]] = {}
_cache_lock = threading.Lock()


def _build(fmt: str, scope: Scope, path: str) -> tuple[bytes, str]:
    """The rendered feed and its ETag, re-rendered only when the selection changed."""
    if fmt not in FORMATS:
        raise InvalidInput("format", f"{fmt!r} is not one of {', '.join(sorted(FORMATS))}")
    settings = get_settings()
    with session_scope() as session:
        title = "newsflow: all articles"
        if scope.place is not None:
            name = place_name(session, scope.place)
            if name is None:
                raise NotFound(f"no article mentions place {scope.place}")
            title = f"newsflow: {name}"
        if scope.entity is not None:
            name = entity_name(session, scope.entity)
            if name is None:
                raise NotFound(f"no entity {scope.entity}")
            title = f"newsflow: {name}"
        fingerprint = stamp(session, scope)
        cached = _cache.get((fmt, scope))
        if cached and cached[0] == fingerprint:
            return cached[1], cached[2]
        items = entries(session, scope, settings.feed_size)
    url = f"{settings.base_url}{path}"
    updated = max((entry.updated for entry in items), default=datetime(1970, 1, 1, tzinfo=UTC))
    body = render(fmt, FeedMeta(id=url, title=title, self_url=url, home_url=settings.base_url,
                                updated=updated), items)
    tag = etag(body)
    with _cache_lock:
        _cache[(fmt, scope)] = (fingerprint, body, tag)
    return body, tag


async def _serve(request: Request, fmt: str, scope: Scope) -> Response:
    body, tag = await run_in_threadpool(_build, fmt, scope, request.url.path)
    headers = {"ETag": tag, "Cache-Control": "public, max-age=30"}
    if tag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=FORMATS[fmt], headers=headers)


@router.get("/all.{fmt}")
async def all_articles(request: Request, fmt: str) -> Response:
    """Every published article."""
    return await _serve(request, fmt, Scope())


@router.get("/places/{geonameid}.{fmt}")
async def by_place(request: Request, geonameid: int, fmt: str) -> Response:
    """Articles that mention one place (by GeoNames id)."""
    return await _serve(request, fmt, Scope(place=geonameid))


@router.get("/entities/{entity_id}.{fmt}")
async def by_entity(request: Request, entity_id: int, fmt: str) -> Response:
    """Articles that mention one person, organisation or group (by entity id)."""
    return await _serve(request, fmt, Scope(entity=entity_id))
