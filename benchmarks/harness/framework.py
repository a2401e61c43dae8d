"""Ceiling (a): a bare three-hop Celery chain of no-op tasks, with the services' pools, on the same broker."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import redis

from benchmarks.harness.processes import Processes
from benchmarks.harness.stats import latency_ms, rate
from shared.queues import WORKER_DEFAULTS

CHECKOUT = Path(__file__).resolve().parents[2]

# hop i runs with the pool and concurrency of the i-th stage: ingest, enrich, publish
STAGES = ("ingest", "enrich", "publish")


def _wait_done(client: redis.Redis, count: int, timeout: float) -> list[tuple[float, float]]:
    """Wait for ``count`` finished chains; returns and clears their (sent, done) times."""
    from benchmarks.harness.noop import DONE_KEY

    deadline = time.monotonic() + timeout
    while client.llen(DONE_KEY) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    raws: list[bytes] = client.lrange(DONE_KEY, 0, -1)  # type: ignore[assignment]
    rows = [tuple(map(float, raw.decode().split(","))) for raw in raws]
    client.delete(DONE_KEY)
    return rows  # type: ignore[return-value]


def measure_framework(env: dict[str, str], log_dir: Path, chains: int, probes: int = 20, timeout: float = 120.0,
                      pools: dict[str, tuple[str, int]] | None = None) -> dict[str, Any]:
    """Throughput of ``chains`` no-op chains queued at once, and the latency of single chains on idle queues."""
    from benchmarks.harness.noop import HOPS, send

    # The harness is not installed (it does not ship): the no-op workers import it from this checkout.
    workers = Processes(env | {"PYTHONPATH": str(CHECKOUT)}, log_dir)
    client = redis.Redis.from_url(env["NEWSFLOW_BROKER_URL"])
    try:
        for hop, stage in zip(HOPS, STAGES, strict=True):
            pool, concurrency = (pools or {}).get(stage) or WORKER_DEFAULTS[stage]
            workers.spawn(f"noop-{stage}", [sys.executable, "-m", "celery", "-A", "benchmarks.harness.noop:app",
                                            "worker", "-Q", hop, "-P", pool, "-c", str(concurrency),
                                            "-n", f"{hop}@%h", "-l", "WARNING", "--without-mingle",
                                            "--without-gossip", "--without-heartbeat"])
        send(0, time.time())
        if not _wait_done(client, 1, 60.0):
            workers.check_alive()
            raise RuntimeError("the no-op workers did not complete a chain within 60 s")
        single = []
        for _ in range(probes):
            send(0, time.time())
            sent, done = _wait_done(client, 1, 10.0)[0]
            single.append(done - sent)
        started = time.time()
        for _ in range(chains):
            send(0, time.time())
        rows = _wait_done(client, chains, timeout)
        finished = max((done for _, done in rows), default=started)
        return {"chains": chains, "completed": len(rows), "seconds": round(finished - started, 3),
                "chains_per_s": rate(len(rows), finished - started),
                "idle_chain_latency": latency_ms(single),
                "backlog_chain_latency": latency_ms([done - sent for sent, done in rows])}
    finally:
        workers.stop()
        client.close()
