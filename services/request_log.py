"""Each HTTP request's id, and its one log line and metric sample: route template, status, duration, why refused.

The route is the *template* FastAPI matched (``/v1/articles/{article_id}``, so label values stay few; a path
no route matches is ``unmatched``). A refusal's line names the field and reason from the one error body
(services/http_errors.py); request bodies and keys are never logged. A read of one article carries its
``article_id``, so grepping an article's id finds who read it as well as how it travelled.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any

import structlog
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared import metrics
from shared.logging import get_logger

log = get_logger("newsflow.http")
UNMATCHED = "unmatched"
MAX_ERROR_BODY = 4096  # our error bodies are a few hundred bytes; anything longer is not one of them


def route_of(scope: Scope, origin: Scope | None = None) -> str:
    """The route template the request matched, or ``unmatched``.

    FastAPI's own routes put themselves in the scope; Starlette's plain routes (``/openapi.json``) and mounts
    (``/docs/assets``) do not, so those are found again among the application's routes."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        return path
    app = scope.get("app")
    as_sent = origin if origin is not None else scope  # routing rewrites a mounted request's root path
    for candidate in getattr(getattr(app, "router", None), "routes", ()):
        match, _ = candidate.matches(as_sent)
        if match == Match.FULL:
            return f"{candidate.path}/{{path}}" if isinstance(candidate, Mount) else candidate.path
    return UNMATCHED


def refusal_of(body: bytes) -> dict[str, str]:
    """``field`` and ``reason`` from the one error body; nothing from a body of another shape."""
    if not body or len(body) > MAX_ERROR_BODY:
        return {}
    try:
        parsed = json.loads(body)
    except ValueError:
        return {}
    if not isinstance(parsed, dict):
        return {}
    return {key: str(parsed[key]) for key in ("error", "field", "reason") if key in parsed}


REQUEST_ID = re.compile(rb"[\x21-\x7e]{1,64}")  # 1 to 64 visible ASCII characters


class RequestContext:
    """Every request gets an id (the caller's X-Request-ID or a new one), bound to its logs and echoed back; when
    answered, one ``http.request`` line and one ``newsflow_http_requests_total`` / ``..._duration_seconds`` sample.

    Plain ASGI rather than ``@app.middleware("http")``: Starlette's BaseHTTPMiddleware runs the endpoint in a
    second task behind memory streams, a cost on every POST.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        origin = {"type": "http", "path": scope["path"], "root_path": scope.get("root_path", ""),
                  "method": scope["method"], "app": scope.get("app")}
        given = next((value for name, value in scope["headers"] if name == b"x-request-id"), b"")
        # One the caller gave is used if it is a usable id (services/parameters.py refuses it otherwise, 400);
        # an unusable one is never echoed or logged as it came.
        request_id = given.decode("ascii") if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        scope["state"] = {**scope.get("state", {}), "request_id": request_id}
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        echoed = (b"x-request-id", request_id.encode("latin-1"))
        seen: dict[str, Any] = {"status": 500, "error_body": b""}

        async def answering(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), echoed]
                seen["status"] = message["status"]
            elif message["type"] == "http.response.body" and seen["status"] >= 400:
                if len(seen["error_body"]) <= MAX_ERROR_BODY:
                    seen["error_body"] += message.get("body", b"")
            await send(message)

        try:
            await self.app(scope, receive, answering)
        except Exception:
            seen["status"] = 500  # the outermost handler answers 500 with the one error body
            raise
        finally:
            _record(scope, seen["status"], seen["error_body"], time.perf_counter() - started, origin)


def _record(scope: Scope, status: int, error_body: bytes, seconds: float, origin: Scope | None = None) -> None:
    route, method = route_of(scope, origin), scope["method"]
    metrics.http_request(method, route, status, seconds)
    fields: dict[str, Any] = {"method": method, "route": route, "status": status,
                              "duration_ms": round(seconds * 1000, 1),
                              "request_id": scope.get("state", {}).get("request_id")}
    article_id = (scope.get("path_params") or {}).get("article_id") or scope.get("state", {}).get("article_id")
    if article_id and "article_id" not in structlog.contextvars.get_contextvars():
        fields["article_id"] = str(article_id)
    if status >= 400:
        fields |= refusal_of(error_body)
    if status >= 500:
        log.error("http.request", **fields)
    else:
        log.info("http.request", **fields)
