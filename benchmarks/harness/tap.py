"""A subscriber on the topic exchange: records when each article's announcement arrives, by guid."""

from __future__ import annotations

import threading
import time

from kombu import Connection, Exchange, Queue

from shared.queues import ARTICLES_EXCHANGE


class Tap(threading.Thread):
    """Consumes ``queue`` (bound to ``article.#``) and keeps ``guid -> perf_counter()`` of first arrival."""

    def __init__(self, broker_url: str, queue: str) -> None:
        super().__init__(name="bench-tap", daemon=True)
        self.queue = Queue(queue, Exchange(ARTICLES_EXCHANGE, type="topic", durable=True),
                           routing_key="article.#", durable=True)
        self.broker_url = broker_url
        self.arrived: dict[str, float] = {}
        self.changed = threading.Condition()
        self.stopped = threading.Event()
        self.ready = threading.Event()

    def _on_message(self, body: dict, message) -> None:  # type: ignore[no-untyped-def]
        now = time.perf_counter()
        guid = body.get("article", {}).get("guid")
        with self.changed:
            if guid is not None:
                self.arrived.setdefault(guid, now)
            self.changed.notify_all()
        message.ack()

    def run(self) -> None:
        with Connection(self.broker_url) as conn:
            # Declared (and bound) before the first POST, so no announcement finds the exchange unbound.
            self.queue(conn.default_channel).declare()
            with conn.Consumer(self.queue, callbacks=[self._on_message], accept=["json"], prefetch_count=500):
                self.ready.set()
                while not self.stopped.is_set():
                    try:
                        conn.drain_events(timeout=0.2)
                    except TimeoutError:
                        continue

    def wait_for(self, guids: set[str], timeout: float) -> bool:
        """Block until every guid has arrived (True) or ``timeout`` seconds pass (False)."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while not guids.issubset(self.arrived):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.changed.wait(min(left, 0.5))
        return True

    def stop(self) -> None:
        self.stopped.set()
        self.join(5)
