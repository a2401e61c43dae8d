"""Path and query parameters are text a database and an XML feed can hold, and a header that may appear once
appears once, or the request is refused.

PostgreSQL refuses NUL in any text it is sent and XML 1.0 cannot carry control characters, so one check,
run before every route, keeps both out of queries and feeds: 422 naming the parameter, never a 500. A header
sent twice (two Authorization or Idempotency-Key lines, two Content-Type) would otherwise be read as its first
copy while a proxy or a signature check may have read another: 400 naming the header (RFC 9110, section 5.3).
"""

from __future__ import annotations

import re

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from services.request_log import REQUEST_ID
from shared.errors import InvalidInput, MalformedRequest

# C0 and C1 controls (NUL among them), DEL, lone surrogates and the two non-characters XML forbids.
NOT_PLAIN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


# The headers we read that are not lists (RFC 9110 allows no second line for them), and Content-Encoding, a list
# we would read as its first line only.
SINGLE = ("authorization", "content-type", "content-encoding", "content-length", "idempotency-key", "webhook-id",
          "webhook-timestamp", "webhook-signature", "x-request-id")
HEADER_NAMES = {"authorization": "Authorization", "content-type": "Content-Type",
                "content-encoding": "Content-Encoding", "content-length": "Content-Length",
                "idempotency-key": "Idempotency-Key", "x-request-id": "X-Request-ID"}


async def plain_parameters(request: Request) -> None:
    """Refuse a header of SINGLE sent twice, an X-Request-ID that is no usable id (request_log.REQUEST_ID), and a
    path parameter, or a query parameter the route reads, that holds a control character."""
    for name in SINGLE:
        if (count := len(request.headers.getlist(name))) > 1:
            raise MalformedRequest(HEADER_NAMES.get(name, name), f"sent {count} times; it may be sent once"
                                   + (" (list the codings in one header)" if name == "content-encoding" else ""))
    request_id = request.headers.get("x-request-id")
    if request_id is not None and not REQUEST_ID.fullmatch(request_id.encode("latin-1", "replace")):
        raise MalformedRequest("X-Request-ID", "must be 1 to 64 visible ASCII characters (letters, digits, "
                                               "punctuation; no spaces)")
    route = request.scope.get("route")
    declared = _query_names(route.dependant) if isinstance(route, APIRoute) else set()
    given = [*request.path_params.items(), *((name, value) for name, value in request.query_params.multi_items()
                                             if name in declared)]
    for name, value in given:
        if (found := NOT_PLAIN.search(str(value))) is not None:
            raise InvalidInput(name, f"contains the control character U+{ord(found.group()):04X} at position "
                                     f"{found.start()}; parameters must be plain text")


def _query_names(dependant: Dependant) -> set[str]:
    """The query parameters a route reads, its dependencies' included."""
    names = {param.alias for param in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= _query_names(dependency)
    return names
