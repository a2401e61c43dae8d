"""A Redis channel closed after its connection was collected fails as a connection error, not an AttributeError.

Why: when Redis restarts under a worker, Celery's consumer (``on_connection_error_after_connected``, celery 5.7)
first ``collect()``s the broken kombu connection, which detaches its transport (``transport.client = None``),
then ``close()``s it. Closing a channel still holding unacknowledged messages (the task consumer's) or an
auto-delete queue (the remote-control pidbox's, kombu#582) needs a Redis client; the channel's pool is gone, so
kombu builds a new one from ``self.connection.client.hostname`` and raises
``AttributeError: 'NoneType' object has no attribute 'hostname'``. ``ignore_errors`` lets only connection and
channel errors through, so the worker died with "Unrecoverable error".

The patch: a channel whose transport is detached raises redis' ``ConnectionError`` when it needs connection
parameters. That is the truth (there is no connection) and every close path already ignores it. The unacked
messages it could not restore stay in Redis' unacked index and come back after the visibility timeout, exactly as
when the restore itself fails on the dead socket. With it the worker keeps remote control on (``celery inspect``,
Flower) and survives a Redis restart (tests/faults/test_servers.py, tests/ops/test_remote_control.py).

Applied for the kombu versions it was written against; a newer major or minor fails ``test_the_patch_applies``,
so the next upgrade reviews it instead of silently running without it.
"""

from __future__ import annotations

from typing import Any

import kombu

PATCHED_VERSIONS = ((5, 4), (5, 5), (5, 6), (5, 7))
_applied = False


def kombu_version() -> tuple[int, int]:
    """kombu's major and minor version."""
    major, minor, *_ = kombu.__version__.split(".")
    return int(major), int(minor)


def applies() -> bool:
    """Whether the installed kombu is one the patch was written for."""
    return kombu_version() in PATCHED_VERSIONS


def install() -> bool:
    """Patch kombu's Redis channel once per process; False (and no patch) on an unknown kombu version."""
    global _applied
    if _applied:
        return True
    if not applies():
        return False
    from kombu.transport import redis as redis_transport
    from redis.exceptions import ConnectionError as RedisConnectionError

    original = redis_transport.Channel._connparams

    def _connparams(self: Any, asynchronous: bool = False) -> Any:
        if self.connection is None or self.connection.client is None:  # closed, or its transport collected
            raise RedisConnectionError("the broker connection was closed (transport detached)")
        return original(self, asynchronous=asynchronous)

    _connparams.__wrapped__ = original  # type: ignore[attr-defined]
    setattr(redis_transport.Channel, "_connparams", _connparams)  # noqa: B010 (mypy: a method assigned)
    _applied = True
    return True
