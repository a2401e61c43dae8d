"""Every request starts its answer within a deadline, whatever its route waits for.

A database that stops answering (frozen, partitioned: its connections open, nothing coming back) holds a sync
route's thread for as long as it is frozen, and FastAPI cannot abandon such a thread. Forty of them fill the
thread pool, and then every route that needs a thread waits too. This middleware runs the route in a task of its
own and, if no answer has started ``NEWSFLOW_API_WORK_TIMEOUT`` seconds (plus a little) after the last byte of
the request arrived, answers 503 itself, with Retry-After; the route's task is left to finish (its answer, if it
ever comes, is dropped). The POST's own deadline (``http_errors.within_deadline``) fires first and names the
database. An answer that has started (a stream of search results, a feed) has no deadline.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.http_errors import DATABASE_RETRY_AFTER, error
from shared.logging import get_logger
from shared.settings import get_settings

log = get_logger(__name__)
SLACK = 2.0  # seconds beyond the work timeout: a route's own, more specific deadline answers first


class Deadline:
    """Answer 503 when a route has not started answering within the work timeout (see the module)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        timeout = get_settings().api_work_timeout + SLACK
        state: dict[str, Any] = {"active": time.monotonic(), "started": False, "abandoned": False}

        async def receiving() -> Message:
            message = await receive()
            state["active"] = time.monotonic()  # a body still arriving is the client's time, not ours
            return message

        async def sending(message: Message) -> None:
            if state["abandoned"]:
                return
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        route = asyncio.ensure_future(self.app(scope, receiving, sending))
        route.add_done_callback(lambda task: _collect(task, state))
        try:
            while True:
                left = state["active"] + timeout - time.monotonic()
                done, _ = await asyncio.wait({route}, timeout=max(left, 0.0))
                if done:
                    route.result()  # its exception, if any, goes to the middleware outside (logged, 500)
                    return
                if state["started"]:
                    await route  # answering: a stream may take its time
                    return
                if state["active"] + timeout <= time.monotonic():
                    break
        except asyncio.CancelledError:  # the client went away or the server is stopping: so does the route
            route.cancel()
            raise
        state["abandoned"] = True
        log.warning("http.deadline_passed", path=scope["path"], method=scope["method"], seconds=round(timeout, 1))
        response = error(503, "server", f"no answer within {timeout:g} s (the database is not answering, or the "
                                        "server is overloaded); a read may be sent again, a POST too (the same guid "
                                        "or Idempotency-Key is never accepted twice)", "Unavailable")
        response.headers["Retry-After"] = str(DATABASE_RETRY_AFTER)
        await response(scope, receive, send)


def _collect(task: asyncio.Future[Any], state: dict[str, Any]) -> None:
    """Retrieve an abandoned route's outcome, so its late failure is logged once rather than warned about."""
    if state["abandoned"] and not task.cancelled() and task.exception() is not None:
        log.info("http.abandoned_route_failed", error=repr(task.exception()))
