"""One home for per-process state: every module that keeps a per-process object registers how to forget it here.

Like structlog's ``_config.py`` ("global state department"), one place answers "what does this process hold?":
the database engine (shared/db.py), the outbox's sent-marks and declared subscriptions (shared/outbox.py), the
metric recorders (shared/metrics.py), the logging flag (shared/logging.py), the worker identity
(shared/claims.py), the settings (shared/settings.py) and the services' cached clients and apps. ``reset()``
forgets them all: tests call it when they change the environment, a forked worker child calls
``reset(child=True)`` so it never shares its parent's connections.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

_lock = threading.Lock()


@dataclass(frozen=True)
class _Entry:
    forget: Callable[[], object]
    inherited: bool  # a forked child keeps it (it works in its parent's name)


_registry: dict[str, _Entry] = {}


def on_reset(name: str, forget: Callable[[], object], *, inherited: bool = False) -> None:
    """Register how to forget ``name``; ``inherited`` state survives a fork (``reset(child=True)`` skips it)."""
    with _lock:
        _registry[name] = _Entry(forget, inherited)


def registered() -> list[str]:
    """The names of the per-process state this process holds, in registration order."""
    return list(_registry)


def reset(*, child: bool = False) -> None:
    """Forget every registered per-process object (in a forked child, all but the inherited ones)."""
    with _lock:
        entries = list(_registry.values())
    for entry in reversed(entries):  # the last registered may depend on the first (an app on the settings)
        if not (child and entry.inherited):
            entry.forget()
