"""The HTTP face of the error tree: which status each error answers with, and the one error body and its schema.

shared/errors.py says what went wrong; this module alone says how HTTP shows it. Every refusal is a JSON body
``{"error", "field", "reason"}`` naming the bad field and why.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match

from shared.errors import (
    Conflict,
    Forbidden,
    InProgress,
    InvalidInput,
    MalformedRequest,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    Unauthorized,
    UnsupportedMediaType,
)
from shared.settings import get_settings

T = TypeVar("T")
DATABASE_RETRY_AFTER = 5  # seconds: a restart or failover of the database is usually over by then

# Most specific first: the first class an error is an instance of gives its status.
STATUS: tuple[tuple[type[Exception], int], ...] = (
    (MalformedRequest, 400), (UnsupportedMediaType, 415), (PayloadTooLarge, 413), (Unauthorized, 401), (Forbidden, 403),
    (Conflict, 409), (RateLimited, 429), (InvalidInput, 422), (NotFound, 404),
)


# The OpenAPI description of the one error body, which ``error`` renders.
ERROR_BODY_SCHEMA = {
    "type": "object",
    "required": ["error", "field", "reason"],
    "properties": {"error": {"type": "string"}, "field": {"type": "string"}, "reason": {"type": "string"}},
}
_STATUS_MEANING = {
    400: "Unreadable request, or a header that may be sent once sent twice",
    401: "No key, a wrong or revoked key, or a bad signature",
    403: "The key may not do this", 404: "No such resource", 409: "A replay, or the same request in progress",
    413: "Body too large", 415: "Unsupported content type", 422: "A field is invalid: the body names it and says why",
    429: "Over the rate limit; see Retry-After",
    503: "The database is unavailable (restarting, unreachable: nothing changed) or did not answer in time (a POST "
         "may still be applied: sending it again is safe); retry after Retry-After",
}
# Headers answers carry, for the OpenAPI document.
RETRY_AFTER_HEADER = {"Retry-After": {"description": "Seconds to wait before sending the request again",
                                      "schema": {"type": "integer"}}}


def documented(*codes: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI `responses` for these error statuses, all with the one error body ({error, field, reason})."""
    return {code: {"description": _STATUS_MEANING[code],
                   "content": {"application/json": {"schema": ERROR_BODY_SCHEMA}},
                   **({"headers": RETRY_AFTER_HEADER} if code in (409, 429, 503) else {})} for code in codes}


def status_of(exc: Exception) -> int:
    """The HTTP status an error of ours answers with."""
    return next(code for kind, code in STATUS if isinstance(exc, kind))


def headers_of(exc: Exception) -> dict[str, str]:
    """The headers that go with an error's answer: how to authenticate, when to come back."""
    if isinstance(exc, Unauthorized):
        return {"WWW-Authenticate": 'Bearer realm="newsflow"'}
    if isinstance(exc, (RateLimited, InProgress)):
        return {"Retry-After": str(exc.retry_after)}
    return {}


def error(status: int, field: str, reason: str, code: str) -> JSONResponse:
    """The one error body."""
    return JSONResponse({"error": code, "field": field, "reason": reason}, status_code=status)


async def _invalid_input(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidInput)
    response = error(status_of(exc), exc.field, exc.reason, type(exc).__name__)
    response.headers.update(headers_of(exc))
    return response


async def _not_found(_: Request, exc: Exception) -> JSONResponse:
    return error(404, "id", str(exc), "NotFound")


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals; a body it cannot parse (400) gets the one error format, naming the body."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:
        return error(400, "body", f"unreadable: {exc.detail}", "InvalidInput")
    if exc.status_code == 404:  # no route matches the path
        path, hint = request.url.path, ""
        if path.endswith("/") and path.rstrip("/") and _routed(request, path.rstrip("/")):
            hint = f" (did you mean {path.rstrip('/')}, without the trailing slash?)"
        return error(404, "path", f"no such resource: {path}{hint}", "NotFound")
    if exc.status_code == 405:
        response = error(405, "method", f"{request.method} is not allowed on {request.url.path}",
                         "MethodNotAllowed")
        response.headers.update(exc.headers or {})  # Allow: the methods that are
        response.headers["Allow"] = _allowed(request, response.headers.get("Allow", ""))
        return response
    return await http_exception_handler(request, exc)


def _routed(request: Request, path: str) -> bool:
    """Some route of the application answers ``path``."""
    scope = dict(request.scope, path=path)
    return any(route.matches(scope)[0] != Match.NONE for route in request.app.router.routes)


def _allowed(request: Request, named: str) -> str:
    """Every method some documented route answers on this path, with those Starlette named (the first
    matching route's only): one path may be served by two services (GET /v1/articles searches, POST ingests)."""
    methods = {method.strip() for method in named.split(",") if method.strip()}
    for template, operations in request.app.openapi().get("paths", {}).items():
        parts = re.split(r"\{[^}]+\}", template)
        if re.fullmatch("[^/]+".join(map(re.escape, parts)), request.url.path):
            methods |= {method.upper() for method in operations}
    return ", ".join(sorted(methods))


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first: dict[str, Any] = exc.errors()[0] if exc.errors() else {}
    if first.get("type") == "json_invalid":  # its loc is a character offset, no field
        return error(422, "body", f"malformed JSON: {first.get('ctx', {}).get('error', 'unreadable')} "
                                  f"at character {first['loc'][-1]}", "InvalidInput")
    field = ".".join(str(part) for part in first.get("loc", ()) if part not in ("body", "path", "query"))
    return error(422, field or "request", first.get("msg", "invalid request"), "InvalidInput")


async def _database_unavailable(_: Request, exc: Exception) -> JSONResponse:
    """The database refused or dropped the connection (restarting, failing over, full): nothing was done,
    and the same request may be sent again shortly."""
    if getattr(getattr(exc, "orig", None), "sqlstate", None) in ("40P01", "40001", "55P03"):
        # Not an outage: other writers held the same rows (a deadlock broken, a lock not granted) and the
        # request's own retries (services/ingest/posting.py) ran out.
        response = error(503, "database", "other writers were changing the same articles (a lock conflict); "
                                          "nothing was changed, retry in a few seconds", "Unavailable")
    else:
        response = error(503, "database", "the database is unavailable (restarting or unreachable); nothing "
                                          "was changed, retry in a few seconds", "Unavailable")
    response.headers["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return response


class WorkTimedOut(Exception):
    """A request's work in the thread pool outran ``api_work_timeout`` (a database that stopped answering)."""


async def within_deadline(work: Callable[..., T], *args: Any) -> T:
    """``work(*args)`` in the thread pool, given up after ``api_work_timeout`` seconds (WorkTimedOut: 503).

    A thread cannot be stopped: a given-up one runs on and may still commit when the database answers again,
    which is why the answer says sending the request again is safe (the same guid or Idempotency-Key gets the
    same article, never a second one)."""
    try:
        with anyio.fail_after(get_settings().api_work_timeout):
            return await anyio.to_thread.run_sync(partial(work, *args), abandon_on_cancel=True)
    except TimeoutError:
        raise WorkTimedOut() from None


async def _work_timed_out(_: Request, __: Exception) -> JSONResponse:
    seconds = get_settings().api_work_timeout
    response = error(503, "database", f"no answer within {seconds:g} s (the database is not answering); the "
                                      "request may or may not have been applied: send it again (the same guid or "
                                      "Idempotency-Key is never accepted twice)", "Unavailable")
    response.headers["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return response


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    """Anything else is our fault: the one error body with 500 (the server still logs the traceback)."""
    return error(500, "server", "an internal error, logged with this request's id",
                 "InternalError")


def install(api: FastAPI) -> None:
    """Answer our errors, FastAPI's validation errors and Starlette's refusals with the one error body."""
    api.add_exception_handler(Exception, _unexpected)
    api.add_exception_handler(OperationalError, _database_unavailable)
    api.add_exception_handler(InterfaceError, _database_unavailable)
    api.add_exception_handler(PoolTimeout, _database_unavailable)  # every pooled connection held that long
    api.add_exception_handler(WorkTimedOut, _work_timed_out)
    api.add_exception_handler(InvalidInput, _invalid_input)
    api.add_exception_handler(NotFound, _not_found)
    api.add_exception_handler(RequestValidationError, _validation)
    api.add_exception_handler(StarletteHTTPException, _http_error)
