"""kombu's SQLAlchemy transport (the embedded SQLite broker), made safe to use from two threads at once.

A channel of kombu's transport keeps one SQLAlchemy session. The SQLite broker cannot run Celery's
event loop, so a prefork worker on it runs the synchronous loop, and its pool's result-handler thread
settles messages: when a pool process is killed, that thread requeues the task (``reject`` → ``_put``
→ ``commit``) on the channel the main thread is polling (``_get`` → ``commit``). One session in two
threads ends in "This session is in 'prepared' state" and the whole worker stops ("Unrecoverable
error"). Here every use of a channel's session holds the channel's lock, and a failed use rolls the
session back, so the next one starts clean.
"""

from __future__ import annotations

import threading
from typing import Any

from kombu.transport import TRANSPORT_ALIASES
from kombu.transport import sqlalchemy as kombu_sqla

ALIAS = "sqla"


class Channel(kombu_sqla.Channel):
    """A channel whose session is used by one thread at a time."""

    def __init__(self, connection: Any, **kwargs: Any) -> None:
        self._lock = threading.RLock()
        super().__init__(connection, **kwargs)

    def _locked(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            try:
                return method(*args, **kwargs)
            except kombu_sqla.Empty:
                raise
            except Exception:
                if self._session is not None:
                    self._session.rollback()
                raise

    def _get(self, queue: Any, timeout: Any = None) -> Any:
        return self._locked(super()._get, queue)

    def _put(self, queue: Any, payload: Any, **kwargs: Any) -> Any:  # type: ignore[override]  # as kombu
        return self._locked(super()._put, queue, payload, **kwargs)

    def _purge(self, queue: str) -> int:
        return int(self._locked(super()._purge, queue))

    def _size(self, queue: str) -> int:
        return int(self._locked(super()._size, queue))

    def _new_queue(self, queue: str, **kwargs: Any) -> None:
        self._locked(super()._new_queue, queue, **kwargs)


class Transport(kombu_sqla.Transport):
    """kombu's SQLAlchemy transport with the thread-safe channel."""

    Channel = Channel


def install() -> None:
    """Make ``sqla+...`` broker URLs use this transport (in every process that builds a Celery app)."""
    TRANSPORT_ALIASES[ALIAS] = f"{__name__}:Transport"
