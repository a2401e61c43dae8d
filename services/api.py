"""The HTTP application: ingest routes, feed routes, health, metrics and one error format."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any

import anyio
import anyio.to_thread
from celery import Celery
from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi_offline import FastAPIOffline
from prometheus_client import CONTENT_TYPE_LATEST

from services import http_errors
from services.deadline import Deadline
from services.parameters import plain_parameters
from services.request_log import RequestContext
from shared import state
from shared.celery import create_app as create_celery
from shared.db import ping
from shared.heap import settle_heap
from shared.logging import configure_logging, get_logger
from shared.orphans import end_with_parent
from shared.outbox import RelayLoop, mark_sent_now
from shared.settings import get_settings

log = get_logger(__name__)
DOCS_ASSETS = "/docs/assets"  # Swagger UI's and ReDoc's scripts, from the fastapi-offline package


@lru_cache(maxsize=1)
def producer_app() -> Celery:
    """The Celery app the API publishes with (it runs no tasks)."""
    return create_celery("api")


state.on_reset("api producer app", producer_app.cache_clear)


def served_api() -> FastAPI:
    """The application as ``newsflow api`` serves it (in each of its processes): made, then the heap settled."""
    api = create_api()
    settle_heap()
    return api


def served_api_child() -> FastAPI:
    """``served_api`` in one of ``newsflow api --workers N``'s processes, which stops when its supervisor dies."""
    end_with_parent()
    return served_api()


def create_api(relay: bool = True) -> FastAPI:
    """The FastAPI application; ``relay`` starts the outbox relay loop with the app."""
    from services.console.router import router as console_router
    from services.ingest.api import router as ingest_router
    from services.ingest.feeds.api import router as pull_router
    from services.publish.api import router as publish_router
    from services.publish.feeds.api import router as feeds_router
    from services.publish.pages import router as pages_router
    from services.publish.search.api import router as search_router
    from services.publish.search.feed import router as search_feed_router

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

    # FastAPI's own /docs and /redoc load their scripts from a CDN, blank wherever the API is offline or a
    # content policy forbids other hosts: fastapi-offline serves the same pages with the scripts it ships.
    api = FastAPIOffline(title="newsflow", version="1", lifespan=lifespan, dependencies=[Depends(plain_parameters)],
                         description="Event-driven news ingestion: POST articles, read their enrichment, follow feeds.",
                         static_url=DOCS_ASSETS,
                         # A stray trailing slash is a 404 that names the path without it, not a bodiless 307
                         # redirect a POSTing client may not follow (services/http_errors.py).
                         redirect_slashes=False)
    api.state.producer = producer_app()
    # Before ingest's /v1/articles/{article_id}: /v1/articles/facets is a route of its own, not an article id.
    api.include_router(search_router)
    api.include_router(ingest_router)
    api.include_router(pull_router)
    api.include_router(feeds_router)
    api.include_router(search_feed_router)
    api.include_router(pages_router)
    api.include_router(publish_router)
    api.include_router(console_router)
    http_errors.install(api)
    _publish_components(api)

    api.add_middleware(Deadline)
    api.add_middleware(RequestContext)  # outermost: a deadline's 503 is logged and counted like any answer

    @api.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    @api.get("/readyz", tags=["health"])
    async def readyz() -> JSONResponse:
        """Readiness: the database and the broker answer (both asked at once, each given READY_TIMEOUT seconds,
        or the work timeout if shorter). A problem is named, its details go to the log, not to the caller."""
        limit = min(READY_TIMEOUT, get_settings().api_work_timeout)
        problems: dict[str, str] = {}

        async def probe(name: str, check: Callable[[], None]) -> None:
            try:
                with anyio.fail_after(limit):
                    await anyio.to_thread.run_sync(check, abandon_on_cancel=True)
            except TimeoutError:
                problems[name] = f"no answer within {limit:g} s"
            except Exception as exc:
                log.warning("readyz.unavailable", server=name, error=f"{type(exc).__name__}: {exc}")
                problems[name] = f"unavailable ({type(exc).__name__}; the details are in the API's log)"

        async with anyio.create_task_group() as probes:
            probes.start_soon(probe, "database", ping)
            probes.start_soon(probe, "broker", _broker_answers)
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


READY_TIMEOUT = 5  # seconds: a server that stopped answering (frozen, partitioned) is not ready


def _broker_answers() -> None:
    with producer_app().connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def _publish_components(api: FastAPI) -> None:
    """Add the request-body schemas routes name by reference ($ref) to the OpenAPI document, so /redoc and
    generated clients resolve them."""
    from services.ingest.api import openapi_components

    generate = api.openapi

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is None:
            schema = generate()
            schema.setdefault("components", {}).setdefault("schemas", {}).update(openapi_components())
            _declare_security(schema)
            api.openapi_schema = schema
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]


SECURITY_SCHEMES = {
    "sourceKey": {"type": "http", "scheme": "bearer",
                  "description": "A source's API key (`newsflow sources add`): required once any source has one"},
    "adminKey": {"type": "http", "scheme": "bearer", "description": "The admin key (NEWSFLOW_ADMIN_KEY)"},
}


def _declare_security(schema: dict[str, Any]) -> None:
    """Name the bearer keys as security schemes, not as an ``Authorization`` header parameter, which OpenAPI says
    tools SHALL ignore (a client generated from the document could not authenticate: a fresh-eyes finding)."""
    schema["components"]["securitySchemes"] = SECURITY_SCHEMES
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            parameters = operation.get("parameters", [])
            kept = [p for p in parameters if not (p.get("in") == "header" and p["name"].lower() == "authorization")]
            if len(kept) == len(parameters):
                continue
            operation["parameters"] = kept
            if (method, path) == ("post", "/v1/articles"):
                operation["security"] = [{"sourceKey": []}, {}]  # optional until a source has a key
            elif method == "get" and path.startswith("/v1/articles"):
                operation["security"] = [{"adminKey": []}, {}]  # only to search other statuses than published
            else:
                operation["security"] = [{"adminKey": []}]
