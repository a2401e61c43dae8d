"""The feeds operators manage over HTTP (admin key): /v1/feeds, the same as `newsflow feeds`."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from services.admin_auth import require_admin
from services.http_errors import documented
from shared.db import session_scope

from . import registry

router = APIRouter(prefix="/v1/feeds", tags=["feeds"], dependencies=[Depends(require_admin)],
                   responses=documented(400, 401, 404, 422))


class NewFeed(BaseModel):
    """A feed to poll: its URL, whose articles it carries (default: its host), how often, and full text."""

    model_config = ConfigDict(extra="forbid")
    url: str
    source: str | None = None
    # "90s", "15m", "1h", or a number of seconds (fresh-eyes finding: 900 was refused); default NEWSFLOW_FEED_INTERVAL
    interval: Annotated[str | float | None, Field(union_mode="left_to_right")] = None
    full_text: Literal["auto", "always", "never"] = "auto"
    name: str | None = None


class FeedChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    state: Literal["active", "paused"]


@router.get("")
def list_feeds() -> dict[str, Any]:
    """Every feed: state, last success, last error, next poll, items seen."""
    with session_scope() as session:
        return {"feeds": [registry.described(feed) for feed in registry.listing(session)]}


@router.post("", status_code=201)
def add_feed(body: NewFeed) -> dict[str, Any]:
    """Poll a feed from now on."""
    with session_scope() as session:
        return registry.described(registry.add(session, body.url, body.source, body.interval, body.full_text,
                                               body.name))


@router.get("/{name}")
def show_feed(name: str) -> dict[str, Any]:
    """One feed."""
    with session_scope() as session:
        return registry.described(registry.get(session, name))


@router.patch("/{name}")
def change_feed(name: str, body: FeedChange) -> dict[str, Any]:
    """Pause a feed, or make a paused or failing one active again (polled from now)."""
    with session_scope() as session:
        feed = registry.resume(session, name) if body.state == "active" else registry.pause(session, name)
        return registry.described(feed)


@router.delete("/{name}", status_code=204)
def remove_feed(name: str) -> Response:
    """Stop polling a feed for good (its articles stay)."""
    with session_scope() as session:
        registry.remove(session, name)
    return Response(status_code=204)


@router.post("/{name}/poll")
async def poll_feed(name: str, request: Request) -> dict[str, Any]:
    """Poll a feed once, now, and answer what it found."""
    from .poll import poll

    def run() -> dict[str, Any]:
        with session_scope() as session:
            feed_id = registry.get(session, name).id
        report = poll(feed_id, request.app.state.producer)
        return asdict(report) | {"next_poll_at": report.next_poll_at.isoformat() if report.next_poll_at else None}

    return await run_in_threadpool(run)
