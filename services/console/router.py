"""The /console page and its JSON endpoints: pipeline state, recent articles, the world map's outlines."""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from services.console.recent import recent_articles
from services.console.state import snapshot
from shared.worldmap import HEIGHT, WIDTH, countries

router = APIRouter(prefix="/console", tags=["console"])
STATIC = resources.files("services.console") / "static"
ASSETS = {"console.js": "text/javascript", "search.js": "text/javascript", "console.css": "text/css"}


@router.get("", response_class=HTMLResponse, include_in_schema=False)
async def page() -> HTMLResponse:
    """The console: a static page that polls the JSON endpoints below."""
    return HTMLResponse((STATIC / "console.html").read_text())


@router.get("/static/{name}", include_in_schema=False)
async def asset(name: str) -> Response:
    """The page's script and stylesheet."""
    if name not in ASSETS:
        return Response(status_code=404)
    return Response((STATIC / name).read_bytes(), media_type=ASSETS[name],
                    headers={"cache-control": "no-cache"})


@router.get("/api/state")
async def state() -> dict[str, Any]:
    """Queue depths, stage rates, workers, outbox, dead letters and mirrors, read now."""
    return await run_in_threadpool(snapshot)


@router.get("/api/articles")
async def articles(limit: int = Query(20, ge=1, le=200)) -> list[dict[str, Any]]:
    """The latest articles with their places (and map positions) and entities."""
    return await run_in_threadpool(recent_articles, limit)


@router.get("/api/world")
async def world() -> dict[str, Any]:
    """Country outlines as SVG paths on a 360 x 180 equirectangular canvas (Natural Earth, bundled)."""
    return {"width": WIDTH, "height": HEIGHT, "countries": await run_in_threadpool(countries)}
