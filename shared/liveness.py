"""A worker whose consumer is wedged ends itself, so its supervisor starts a fresh one.

Seen on Redis: a young worker whose broker restarted while it acknowledged a message logged
``Couldn't ack … ConnectionError`` and then took nothing for minutes, alive and beating, its queue full.
The watchdog (run by the heartbeat thread of the worker's main process) calls that wedged: its queues held
messages for ``worker_stall_timeout`` seconds while it had a free slot and received none and finished none.
It then stops beating and exits non-zero; ``newsflow up``, compose and Kubernetes (the heartbeat file is the
liveness probe) start it again, and the reconciler re-drives what the dead worker had claimed.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Sequence
from typing import Any

from celery import Celery
from celery.signals import task_received
from celery.worker import state

from shared.logging import get_logger
from shared.settings import get_settings

log = get_logger(__name__)
EXIT_WEDGED = 75  # EX_TEMPFAIL: try again (a supervisor restarts the worker)


def ready_messages(app: Celery, queues: Sequence[str]) -> int:
    """Messages waiting (ready for a consumer) in ``queues``, asked on a fresh broker connection."""
    total = 0
    with app.connection_for_read() as conn:
        conn.ensure_connection(max_retries=1, timeout=5)
        channel = conn.default_channel
        for queue in queues:
            try:
                total += channel.queue_declare(queue=queue, passive=True).message_count
            except Exception:  # noqa: BLE001 - a queue that does not exist yet holds nothing
                channel = conn.channel()
    return total


class Watchdog:
    """Notices a consumer that stopped taking work while there is work to take."""

    def __init__(self, app: Celery, service: str, queues: Sequence[str], concurrency: int,
                 connected: Callable[[], bool] = lambda: True) -> None:
        self.app, self.service, self.queues, self.concurrency = app, service, queues, concurrency
        self.connected = connected
        self.received = 0
        self.progress = (0, 0)
        self.since = self.checked = time.monotonic()
        self.waiting_since: float | None = None  # when messages were first seen waiting, none taken since
        task_received.connect(self._on_received, weak=False)

    def _on_received(self, **_: Any) -> None:
        self.received += 1

    def wedged(self) -> bool:
        """True when messages have waited for the stall timeout and nothing moved, although a slot is free.

        The clock starts when messages are first seen waiting, not at the last progress: a worker idle for minutes
        whose first message arrived a moment ago has not had the time to take it (seen on a loaded machine: an
        idle deliver worker called wedged in the second its first delivery was queued). A consumer that is
        reconnecting (its connection dropped, its retries backing off) is not wedged: the stall clock starts again
        once it is connected.
        """
        settings = get_settings()
        timeout = settings.worker_stall_timeout
        now, progress = time.monotonic(), (self.received, state.all_total_count[0])
        # A gap between two checks far longer than the beat means this process did not run (frozen by SIGSTOP, a
        # paused VM, a starved machine): a stall it could not have ended is not its consumer's; the clock restarts.
        frozen = now - self.checked > 3 * settings.worker_heartbeat_interval
        self.checked = now
        if progress != self.progress or frozen or not self.connected():
            self.progress, self.since, self.waiting_since = progress, now, None
            return False
        if not timeout or now - self.since < timeout or len(state.reserved_requests) >= self.concurrency:
            self.waiting_since = None
            return False
        try:
            waiting = ready_messages(self.app, self.queues)
        except Exception as exc:  # the broker is down: that is not this worker's fault; reconnecting is
            log.warning("worker.watchdog_broker_unreachable", error=f"{type(exc).__name__}: {exc}")
            self.waiting_since = None
            return False
        if not waiting:
            self.waiting_since = None
            return False
        if self.waiting_since is None:
            self.waiting_since = now
        return now - self.waiting_since >= timeout

    def check(self) -> None:
        """End this worker (and its pool) if its consumer is wedged."""
        if not self.wedged():
            return
        log.critical("worker.wedged", service=self.service, idle_s=round(time.monotonic() - self.since, 1),
                     held=len(state.reserved_requests), exit_code=EXIT_WEDGED)
        _kill_children()
        os._exit(EXIT_WEDGED)  # not sys.exit: a wedged consumer may never finish a warm shutdown


def _kill_children() -> None:
    """SIGKILL this process's pool children (their claimed work is re-driven by the reconciler)."""
    import psutil

    for child in psutil.Process().children(recursive=True):
        try:
            child.send_signal(signal.SIGKILL)
        except psutil.Error:
            pass
