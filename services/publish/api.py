"""Admin HTTP routes of the publish service (mirrors, deliveries), behind the admin key."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict

from services.admin_auth import require_admin
from services.http_errors import documented
from services.publish import ledger, mirrors
from shared.db import session_scope
from shared.errors import InvalidInput, NotFound
from shared.models import OutboxEvent
from shared.outbox import flush

router = APIRouter(prefix="/v1", tags=["publishing"], dependencies=[Depends(require_admin)],
                   responses=documented(400, 401, 404, 422))


class NewMirror(BaseModel):
    """A mirror to register; the secret is generated when omitted."""

    model_config = ConfigDict(extra="forbid")
    name: str
    url: str
    secret: str | None = None
    filter: list[str] = []  # KEY=VALUE, as on the command line
    format: str = "json"


class MirrorChange(BaseModel):
    """What to change on a mirror: enable/disable, and/or rotate its secret (to ``secret`` or a new one)."""

    model_config = ConfigDict(extra="forbid")
    active: bool | None = None
    rotate_secret: bool = False
    secret: str | None = None


def _send(request: Request, events: list[OutboxEvent]) -> None:
    """Hand committed outbox events to the broker now (the relay loop catches any failure)."""
    flush(request.app.state.producer, events)


@router.get("/mirrors")
def list_mirrors() -> dict[str, Any]:
    """Every mirror and its state (secrets are never shown)."""
    with session_scope() as session:
        return {"mirrors": [mirrors.describe(mirror) for mirror in mirrors.listing(session)]}


@router.post("/mirrors", status_code=201)
def add_mirror(body: NewMirror) -> dict[str, Any]:
    """Register a mirror; the answer carries its signing secret, shown this once."""
    with session_scope() as session:
        mirror = mirrors.add(session, body.name, body.url, body.secret, body.filter, body.format)
        return mirrors.describe(mirror) | {"secret": mirror.secret}


@router.patch("/mirrors/{name}")
def change_mirror(name: str, body: MirrorChange) -> dict[str, Any]:
    """Enable, disable or rotate the secret of a mirror; a new secret is shown this once."""
    if body.secret is not None and not body.rotate_secret:
        raise InvalidInput("secret", "only with rotate_secret: true")
    with session_scope() as session:
        mirror = mirrors.get(session, name)
        if body.active is not None:
            mirror = mirrors.set_active(session, name, body.active)
        if not body.rotate_secret:
            return mirrors.describe(mirror)
        mirror = mirrors.rotate_secret(session, name, body.secret)
        return mirrors.describe(mirror) | {"secret": mirror.secret}


@router.delete("/mirrors/{name}", status_code=204)
def remove_mirror(name: str) -> Response:
    """Retire a mirror (its delivery history is kept)."""
    with session_scope() as session:
        mirrors.remove(session, name)
    return Response(status_code=204)


@router.get("/deliveries")
def list_deliveries(state: str | None = None, mirror: str | None = None) -> dict[str, Any]:
    """Deliveries, newest first; ``state`` is pending, retrying, delivered, dead or failed (dead + retrying)."""
    with session_scope() as session:
        rows = ledger.listing(session, state, mirror)
        return {"deliveries": [ledger.describe(delivery, name) for delivery, name in rows]}


@router.post("/deliveries/retry-failed", status_code=202)
def retry_failed(request: Request) -> dict[str, Any]:
    """Replay every dead delivery (after the mirrors are fixed)."""
    with session_scope() as session:
        events = ledger.retry_failed(session)
    _send(request, events)
    return {"queued": [event.payload["delivery_id"] for event in events]}


@router.post("/deliveries/{delivery_id}/retry", status_code=202)
def retry_delivery(request: Request, delivery_id: str) -> dict[str, Any]:
    """Replay one dead delivery."""
    try:
        delivery_id = str(uuid.UUID(delivery_id))
    except ValueError:  # not worth a query: delivery ids are UUIDs, like article ids
        raise NotFound(f"no delivery with id {delivery_id!r}: delivery ids are UUIDs") from None
    with session_scope() as session:
        event = ledger.retry(session, delivery_id)
    _send(request, [event])
    return {"queued": [delivery_id]}
