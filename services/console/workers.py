"""Which workers are alive: heartbeat files on this host and, on Redis, the beats every worker copies there."""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass

from shared.metrics import WORKER_BEAT_KEY
from shared.settings import get_settings


@dataclass(frozen=True)
class Worker:
    """One worker service on one host and the age of its last heartbeat."""

    service: str
    host: str
    age_s: float
    seen_in: str  # "file" (this host's var dir) or "redis" (copied by the worker, any host)


def _from_files(now: float) -> list[Worker]:
    host = socket.gethostname()
    return [Worker(path.name.removeprefix("heartbeat-"), host, max(0.0, now - path.stat().st_mtime), "file")
            for path in sorted(get_settings().data_dir.glob("heartbeat-*"))]


def _from_redis(url: str, now: float) -> list[Worker]:
    import redis

    client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
    try:
        keys = sorted(client.scan_iter(match=f"{WORKER_BEAT_KEY}*", count=500))
        beats = client.mget(keys) if keys else []
    finally:
        client.close()
    found = []
    for key, beat in zip(keys, beats, strict=True):
        if beat is not None:
            service, _, host = key.decode().removeprefix(WORKER_BEAT_KEY).partition("@")
            found.append(Worker(service, host, max(0.0, now - float(beat)), "redis"))
    return found


def workers() -> list[Worker]:
    """Every worker seen, freshest beat per (service, host), by service then host."""
    now = time.time()
    seen = _from_files(now)
    url = get_settings().broker_url
    if url.startswith(("redis://", "rediss://")):
        seen += _from_redis(url, now)
    freshest: dict[tuple[str, str], Worker] = {}
    for worker in seen:
        key = (worker.service, worker.host)
        if key not in freshest or worker.age_s < freshest[key].age_s:
            freshest[key] = worker
    return [freshest[key] for key in sorted(freshest)]
