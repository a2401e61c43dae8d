"""newsflow's one error tree.

    NewsflowError                     root: anything newsflow raises on purpose
     ├── InvalidInput                 bad input from a client; carries the field and the reason (HTTP 4xx)
     │    ├── UnsupportedMediaType    a content type we do not read (415)
     │    └── PayloadTooLarge         a body over the configured limit (413)
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

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class UnsupportedMediaType(InvalidInput):
    status_code = 415


class PayloadTooLarge(InvalidInput):
    status_code = 413


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
