"""newsflow's one error tree.

    NewsflowError                     root: anything newsflow raises on purpose
     ├── InvalidInput                 bad input from a client; carries the field and the reason (HTTP 4xx)
     │    ├── UnsupportedMediaType    a content type we do not read (415)
     │    ├── PayloadTooLarge         a body over the configured limit (413)
     │    ├── Unauthorized            no key, a wrong or revoked key, a bad signature (401)
     │    ├── Forbidden               a valid key doing what it may not (403)
     │    ├── Conflict                a replayed signature, a request already in progress (409)
     │    └── RateLimited             over the rate limit; carries Retry-After (429)
     ├── NotFound                     an id that names nothing (404)
     ├── TransientError               worth retrying with backoff: broker, database, network hiccups
     │    └── DeliveryFailed          a mirror answered 408/429/5xx or did not answer
     └── PermanentError               retrying cannot help: the message goes to the dead-letter table
          ├── PoisonMessage           a message that fails validation or keeps failing
          └── DeliveryRejected        a mirror answered a non-retryable 4xx

Third-party errors are translated at the boundary (``translate``), so callers only catch these.
"""

from __future__ import annotations


class NewsflowError(Exception):
    """Root of every error newsflow raises on purpose."""


class InvalidInput(NewsflowError):
    """A client sent something we cannot accept; ``field`` names where, ``reason`` says why."""

    status_code = 422
    headers: dict[str, str] | None = None

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class UnsupportedMediaType(InvalidInput):
    status_code = 415


class PayloadTooLarge(InvalidInput):
    status_code = 413


class Unauthorized(InvalidInput):
    """No key, an unknown or revoked key, or a missing or bad signature."""

    status_code = 401
    headers = {"WWW-Authenticate": 'Bearer realm="newsflow"'}


class Forbidden(InvalidInput):
    """A valid key doing what it may not (writing another source's articles)."""

    status_code = 403


class Conflict(InvalidInput):
    """A replayed request, or one whose twin is still being processed."""

    status_code = 409


class RateLimited(InvalidInput):
    """Over the rate limit; ``headers`` carries Retry-After in whole seconds."""

    status_code = 429

    def __init__(self, field: str, reason: str, retry_after: int) -> None:
        super().__init__(field, reason)
        self.headers = {"Retry-After": str(retry_after)}


class NotFound(NewsflowError):
    """An id that names nothing."""


class TransientError(NewsflowError):
    """Retried with backoff."""


class DeliveryFailed(TransientError):
    """A mirror did not take a delivery this time; ``retry_after`` is its hint in seconds, if any."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class PermanentError(NewsflowError):
    """Retrying cannot help; the work goes to the dead-letter table."""


class PoisonMessage(PermanentError):
    """A message that cannot be processed."""


class DeliveryRejected(PermanentError):
    """A mirror refused a delivery for good (4xx other than 408/429)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def translate(exc: BaseException) -> NewsflowError:
    """Map a third-party exception onto the tree: connection and lock trouble is transient."""
    if isinstance(exc, NewsflowError):
        return exc
    import sqlalchemy.exc as sa_exc

    transient_types: tuple[type[BaseException], ...] = (
        sa_exc.OperationalError,
        sa_exc.DisconnectionError,
        ConnectionError,
        TimeoutError,
        OSError,
    )
    try:
        import kombu.exceptions as kombu_exc
        import redis.exceptions as redis_exc

        transient_types += (kombu_exc.OperationalError, redis_exc.ConnectionError, redis_exc.TimeoutError)
    except ImportError:  # pragma: no cover - both ship with celery[redis]
        pass
    if isinstance(exc, transient_types):
        return TransientError(f"{type(exc).__name__}: {exc}")
    return PermanentError(f"{type(exc).__name__}: {exc}")


ERROR_BODY_SCHEMA = {
    "type": "object",
    "required": ["error", "field", "reason"],
    "properties": {"error": {"type": "string"}, "field": {"type": "string"}, "reason": {"type": "string"}},
}
_STATUS_MEANING = {
    400: "Unreadable request", 401: "No key, a wrong or revoked key, or a bad signature",
    403: "The key may not do this", 404: "No such resource", 409: "A replay, or the same request in progress",
    413: "Body too large", 415: "Unsupported content type", 422: "A field is invalid: the body names it and says why",
    429: "Over the rate limit; see Retry-After",
}


def documented(*codes: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI `responses` for these error statuses, all with the one error body ({error, field, reason})."""
    return {code: {"description": _STATUS_MEANING[code],
                   "content": {"application/json": {"schema": ERROR_BODY_SCHEMA}}} for code in codes}
