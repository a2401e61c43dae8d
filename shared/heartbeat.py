"""A worker's heartbeat: a file its main process touches while alive (the liveness probe reads its age), and a beat
in the database (the reconciler's sign that the worker's claims are held, not abandoned)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from shared import claims
from shared.liveness import Watchdog
from shared.logging import get_logger
from shared.settings import get_settings

log = get_logger(__name__)


def heartbeat_file(service: str) -> Path:
    """The file a worker touches while it is alive (Kubernetes liveness reads its age)."""
    return get_settings().data_dir / f"heartbeat-{service}"


class Heartbeat(threading.Thread):
    """While the worker's main process runs and its consumer is not wedged: touch the file, beat in the database."""

    def __init__(self, service: str, watchdog: Watchdog | None = None) -> None:
        super().__init__(name="heartbeat", daemon=True)
        self.service = service
        self.path = heartbeat_file(service)
        self.watchdog = watchdog
        self.stopped = threading.Event()

    def run(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            if self.watchdog is not None:
                self.watchdog.check()  # a wedged consumer stops the beat and ends the process
            self.path.touch()
            try:
                claims.beat(self.service)
            except Exception as exc:  # the database is away: the next beat tries again
                log.warning("worker.beat_failed", error=f"{type(exc).__name__}: {exc}")
            if self.stopped.wait(get_settings().worker_heartbeat_interval):
                return


def heartbeat_age(service: str) -> float | None:
    """Seconds since the worker last beat, or None if it never did."""
    path = heartbeat_file(service)
    return time.time() - path.stat().st_mtime if path.exists() else None
