"""The framework ceiling's Celery app: three no-op hops with newsflow's common configuration, on the same broker."""

from __future__ import annotations

import time

import redis
from kombu import Exchange, Queue

from shared.celery import create_app
from shared.outbox import RETRY_POLICY
from shared.settings import get_settings

HOPS = ("bench.hop1", "bench.hop2", "bench.hop3")
DONE_KEY = "bench:noop:done"

app = create_app("bench-noop")
app.conf.update(
    task_queues=[Queue(q, Exchange(q, type="direct"), routing_key=q) for q in HOPS],
    task_routes={q: {"queue": q, "routing_key": q} for q in HOPS},
    task_default_queue=HOPS[0],
)
_redis: redis.Redis | None = None


def send(hop: int, sent: float) -> None:
    """Queue hop number ``hop`` (0-based) the way the outbox does: send_task with the same retry policy."""
    app.send_task(HOPS[hop], kwargs={"sent": sent}, queue=HOPS[hop], retry=True, retry_policy=RETRY_POLICY)


@app.task(name=HOPS[0])
def hop1(sent: float) -> None:
    """First hop: hand on."""
    send(1, sent)


@app.task(name=HOPS[1])
def hop2(sent: float) -> None:
    """Second hop: hand on."""
    send(2, sent)


@app.task(name=HOPS[2])
def hop3(sent: float) -> None:
    """Last hop: record (sent, done) wall times for the benchmark to read."""
    global _redis
    if _redis is None:
        _redis = redis.Redis.from_url(get_settings().broker_url)
    _redis.rpush(DONE_KEY, f"{sent},{time.time()}")
