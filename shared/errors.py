"""newsflow's one error tree.

    NewsflowError                     root: anything newsflow raises on purpose
     ├── InvalidInput                 bad input from a client; carries the field and the reason
     │    ├── MalformedRequest        a request HTTP calls malformed: a header that may appear once sent twice
     │    ├── UnsupportedMediaType    a content type we do not read
     │    ├── PayloadTooLarge         a body over the configured limit
     │    ├── Unauthorized            no key, a wrong or revoked key, a bad signature
     │    ├── Forbidden               a valid key doing what it may not
     │    ├── Conflict                a replayed signature, a request already in progress
     │    │    └── InProgress         its twin (same Idempotency-Key) is running; carries when to look again
     │    └── RateLimited             over the rate limit; carries when to come back
     ├── NotFound                     an id that names nothing
 ├── FetchFailed                  a feed or page could not be fetched (a poll's outcome: kind, soft or hard)
     ├── TransientError               worth retrying with backoff: broker, database, network hiccups
     └── PermanentError               retrying cannot help: the message goes to the dead-letter table
          └── PoisonMessage           a message that fails validation or keeps failing

Third-party errors are translated at the boundary (``translated()``, like httpx's ``map_httpcore_exceptions``),
so callers only catch these. How HTTP shows them (statuses, headers, the error body) is services/http_errors.py's
business; a delivery's outcome is data (services/publish/deliveries.py ``Outcome``), not an exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class NewsflowError(Exception):
    """Root of every error newsflow raises on purpose."""


class InvalidInput(NewsflowError):
    """A client sent something we cannot accept; ``field`` names where, ``reason`` says why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class MalformedRequest(InvalidInput):
    """A request HTTP itself calls malformed: a header that may appear once, sent more than once."""


class UnsupportedMediaType(InvalidInput):
    """A content type we do not read."""


class PayloadTooLarge(InvalidInput):
    """A body over the configured limit."""


class Unauthorized(InvalidInput):
    """No key, an unknown or revoked key, or a missing or bad signature."""


class Forbidden(InvalidInput):
    """A valid key doing what it may not (writing another source's articles)."""


class Conflict(InvalidInput):
    """A replayed request, or one whose twin is still being processed."""


class InProgress(Conflict):
    """A request whose twin (same Idempotency-Key) is still running; ``retry_after`` says in how many seconds to
    look again."""

    def __init__(self, field: str, reason: str, retry_after: int) -> None:
        super().__init__(field, reason)
        self.retry_after = retry_after


class RateLimited(InvalidInput):
    """Over the rate limit; ``retry_after`` says in how many whole seconds to come back."""

    def __init__(self, field: str, reason: str, retry_after: int) -> None:
        super().__init__(field, reason)
        self.retry_after = retry_after


class NotFound(NewsflowError):
    """An id that names nothing."""


class FetchFailed(NewsflowError):
    """A feed or page could not be fetched. ``kind`` names why (``http_503``, ``timeout``, ``ssrf``, ...);
    a ``soft`` failure (404, 429, 5xx, a DNS "try again", a timeout) weighs less in the feed's backoff than a
    hard one; ``retry_after`` is the server's Retry-After in seconds, when it sent one."""

    def __init__(self, kind: str, reason: str, soft: bool, retry_after: float | None = None) -> None:
        super().__init__(f"{kind}: {reason}")
        self.kind = kind
        self.reason = reason
        self.soft = soft
        self.retry_after = retry_after


class TransientError(NewsflowError):
    """Retried with backoff."""


class PermanentError(NewsflowError):
    """Retrying cannot help; the work goes to the dead-letter table."""


class PoisonMessage(PermanentError):
    """A message that cannot be processed."""


class DeliveryLimitExceeded(PermanentError):
    """The broker delivered a message as often as it may and gave up on it (RabbitMQ quorum queues)."""


# Errors of the file system that say something is missing or forbidden: trying again finds the same.
_LASTING_OS_ERRORS = (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError, FileExistsError)


def translate(exc: BaseException) -> NewsflowError:
    """Map a third-party exception onto the tree: connection, lock and I/O trouble is transient."""
    if isinstance(exc, NewsflowError):
        return exc
    import sqlalchemy.exc as sa_exc

    transient_types: tuple[type[BaseException], ...] = (
        sa_exc.OperationalError,
        sa_exc.DisconnectionError,
        OSError,  # ConnectionError and TimeoutError among them; the lasting kinds are excluded below
    )
    try:
        import kombu.exceptions as kombu_exc
        import redis.exceptions as redis_exc

        transient_types += (kombu_exc.OperationalError, redis_exc.ConnectionError, redis_exc.TimeoutError)
    except ImportError:  # pragma: no cover - both ship with celery[redis]
        pass
    if isinstance(exc, transient_types) and not isinstance(exc, _LASTING_OS_ERRORS):
        return TransientError(f"{type(exc).__name__}: {exc}")
    return PermanentError(f"{type(exc).__name__}: {exc}")


@contextmanager
def translated() -> Iterator[None]:
    """Inside, any exception leaves as one of ours, the original as its ``__cause__``."""
    try:
        yield
    except NewsflowError:
        raise
    except Exception as exc:
        raise translate(exc) from exc

