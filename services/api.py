"""The HTTP application: ingest routes, feed routes, health, metrics and one error format."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any

import structlog
from celery import Celery
from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.parameters import plain_parameters
from shared.celery import create_app as create_celery
from shared.db import ping
from shared.errors import InvalidInput, NotFound
from shared.logging import configure_logging, get_logger
from shared.outbox import RelayLoop, mark_sent_now

log = get_logger(__name__)


@lru_cache(maxsize=1)
def producer_app() -> Celery:
    """The Celery app the API publishes with (it runs no tasks)."""
    return create_celery("api")


def _error(status: int, field: str, reason: str, code: str) -> JSONResponse:
    return JSONResponse({"error": code, "field": field, "reason": reason}, status_code=status)


async def _invalid_input(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidInput)
    response = _error(exc.status_code, exc.field, exc.reason, type(exc).__name__)
    response.headers.update(exc.headers or {})
    return response


async def _not_found(_: Request, exc: Exception) -> JSONResponse:
    return _error(404, "id", str(exc), "NotFound")


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals; a body it cannot parse (400) gets the one error format, naming the body."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:
        return _error(400, "body", f"unreadable: {exc.detail}", "InvalidInput")
    if exc.status_code == 404:  # no route matches the path
        return _error(404, "path", f"no such resource: {request.url.path}", "NotFound")
    if exc.status_code == 405:
        response = _error(405, "method", f"{request.method} is not allowed on {request.url.path}",
                          "MethodNotAllowed")
        response.headers.update(exc.headers or {})  # Allow: the methods that are
        return response
    return await http_exception_handler(request, exc)


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first: dict[str, Any] = exc.errors()[0] if exc.errors() else {}
    if first.get("type") == "json_invalid":  # its loc is a character offset, no field
        return _error(422, "body", f"malformed JSON: {first.get('ctx', {}).get('error', 'unreadable')} "
                                   f"at character {first['loc'][-1]}", "InvalidInput")
    field = ".".join(str(part) for part in first.get("loc", ()) if part not in ("body", "path", "query"))
    return _error(422, field or "request", first.get("msg", "invalid request"), "InvalidInput")


class RequestContext:
    """Every request gets an id (the caller's X-Request-ID or a new one), bound to its logs and echoed back.

    Plain ASGI rather than ``@app.middleware("http")``: Starlette's BaseHTTPMiddleware runs the endpoint in a
    second task behind memory streams, a cost on every POST.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((value for name, value in scope["headers"] if name == b"x-request-id"), b"")
        request_id = (given.decode("latin-1") or uuid.uuid4().hex)[:64]
        scope["state"] = {**scope.get("state", {}), "request_id": request_id}
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        echoed = (b"x-request-id", request_id.encode("latin-1"))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), echoed]
            await send(message)

        await self.app(scope, receive, send_with_id)


def create_api(relay: bool = True) -> FastAPI:
    """The FastAPI application; ``relay`` starts the outbox relay loop with the app."""
    from services.console.router import router as console_router
    from services.ingest.api import router as ingest_router
    from services.publish.api import router as publish_router
    from services.publish.feeds.api import router as feeds_router

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        configure_logging()
        loop = RelayLoop(producer_app()) if relay else None
        if loop:
            loop.start()
        yield
        if loop:
            loop.stop()
        mark_sent_now()

    api = FastAPI(title="newsflow", version="1", lifespan=lifespan, dependencies=[Depends(plain_parameters)],
                  description="Event-driven news ingestion: POST articles, read their enrichment, follow feeds.")
    api.state.producer = producer_app()
    api.include_router(ingest_router)
    api.include_router(feeds_router)
    api.include_router(publish_router)
    api.include_router(console_router)
    api.add_exception_handler(InvalidInput, _invalid_input)
    api.add_exception_handler(NotFound, _not_found)
    api.add_exception_handler(RequestValidationError, _validation)
    api.add_exception_handler(StarletteHTTPException, _http_error)

    api.add_middleware(RequestContext)

    @api.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    @api.get("/readyz", tags=["health"])
    def readyz() -> JSONResponse:
        """Readiness: the database and the broker answer."""
        problems = {}
        try:
            ping()
        except Exception as exc:
            problems["database"] = f"{type(exc).__name__}: {exc}"
        try:
            with producer_app().connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
        except Exception as exc:
            problems["broker"] = f"{type(exc).__name__}: {exc}"
        if problems:
            return JSONResponse({"status": "unavailable", "problems": problems}, status_code=503)
        return JSONResponse({"status": "ready"})

    @api.get("/metrics", tags=["health"], response_class=PlainTextResponse)
    def metrics() -> PlainTextResponse:
        """Prometheus metrics: every local process's counters, and the pipeline's gauges read now."""
        from services.console.collector import PipelineCollector
        from shared.metrics import exposition

        return PlainTextResponse(exposition([PipelineCollector()]).decode(), media_type=CONTENT_TYPE_LATEST)

    return api
