"""Prometheus metrics every newsflow process records, summed across processes through one directory.

prometheus_client's multiprocess mode: each process (the API, a worker's main process, its prefork
children) writes its counters to mmap files named by pid in the metrics directory,
``NEWSFLOW_METRICS_DIR`` or else ``<NEWSFLOW_VAR_DIR>/metrics``; a scrape sums every file there. So one
directory per host or pod, never on a volume shared between machines (pids would collide).

A counter outlives the process that wrote it (a recycled prefork child's counts stay in the sum) until
no process that wrote to the directory, or marked itself a writer as a worker's main process does, is
alive: the first process to record after that clears it, which is prometheus_client's "wipe the
directory between runs" for processes that start at different times. Only counters and histograms live
in files; the gauges are computed at scrape time, so a process's exit needs no bookkeeping
(``mark_process_dead`` only concerns live gauges).
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess, values
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from shared import state
from shared.heartbeat import heartbeat_age, heartbeat_file
from shared.logging import get_logger
from shared.queues import TASK_QUEUES
from shared.settings import get_settings

log = get_logger(__name__)
WORKER_BEAT_KEY = "newsflow:worker-beat:"  # + "<service>@<host>" in the Redis broker: the last beat's time
WORKER_BEAT_TTL_S = 24 * 3600  # a removed pod's entry ages visibly for a day, then goes
BEAT_COPY_INTERVAL_S = 10.0
HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
LAG_BUCKETS = (10.0, 30.0, 60.0, 300.0, 900.0, 1800.0, 3600.0, 7200.0, 21600.0, 86400.0)
DURATION_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 90.0)
BATCH_BUCKETS = (1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0)
_lock = threading.Lock()
_recorders: _Recorders | None = None


def directory() -> Path:
    """This host's metrics directory."""
    settings = get_settings()
    return settings.metrics_dir or settings.var_dir / "metrics"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


def _writers(path: Path) -> dict[int, list[Path]]:
    """The metric files in ``path`` by the pid that wrote them."""
    writers: dict[int, list[Path]] = {}
    for file in [*path.glob("*.db"), *path.glob("writer_*.pid")]:
        pid = file.stem.rpartition("_")[2]
        if pid.isdigit():
            writers.setdefault(int(pid), []).append(file)
    return writers


def clear_if_stale(path: Path) -> bool:
    """Delete the directory's files when every process that wrote them is gone; True if it did."""
    writers = _writers(path)
    if any(_alive(pid) for pid in writers if pid != os.getpid()):
        return False
    for pid, files in writers.items():
        if pid != os.getpid():
            for file in files:
                file.unlink(missing_ok=True)
    return True


class _Recorders:
    """The process's counters and histograms, written to the metrics directory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.received = Counter("newsflow_articles_received_total", "Articles accepted by the API (new or new "
                                "version)", registry=None)
        self.enriched = Counter("newsflow_articles_enriched_total", "Article versions enriched", registry=None)
        self.published = Counter("newsflow_articles_published_total", "Article versions published",
                                 registry=None)
        self.failed = Counter("newsflow_articles_failed_total", "Messages dead-lettered, by stage", ["stage"],
                              registry=None)
        self.tasks = Counter("newsflow_tasks_total", "Task runs, by task and outcome", ["task", "outcome"],
                             registry=None)
        self.durations = Histogram("newsflow_stage_duration_seconds", "Run time of one task, by stage",
                                   ["stage"], buckets=DURATION_BUCKETS, registry=None)
        self.batch_items = Histogram("newsflow_batch_items", "Items worked in one unit by a stage task (1: alone; "
                                     "more: a backlog was worked in a batch)", ["stage"], buckets=BATCH_BUCKETS,
                                     registry=None)
        self.attempts = Counter("newsflow_delivery_attempts_total", "Delivery attempts, by mirror and outcome",
                                ["mirror", "outcome"], registry=None)
        self.failures = Counter("newsflow_delivery_failures_total", "Failed delivery attempts, by mirror",
                                ["mirror"], registry=None)
        self.redrives = Counter("newsflow_redrives_total", "Next steps the reconciler sent again, by stage and "
                                "reason (stalled, stale_worker, overdue)", ["stage", "reason"], registry=None)
        self.http = Counter("newsflow_http_requests_total", "HTTP requests answered, by method, route template "
                            "and status", ["method", "route", "status"], registry=None)
        self.http_durations = Histogram("newsflow_http_request_duration_seconds", "Time to answer an HTTP request, "
                                        "by method, route template and status", ["method", "route", "status"],
                                        buckets=HTTP_BUCKETS, registry=None)
        self.feed_polls = Counter("newsflow_feed_polls_total", "Feed polls, by feed id and outcome (ok, "
                                  "not_modified, unchanged, error, claim_lost)", ["feed", "outcome"], registry=None)
        self.feed_items = Counter("newsflow_feed_items_total", "Feed items by feed id and what became of them "
                                  "(new, edited, joined, refused)", ["feed", "kind"], registry=None)
        self.feed_errors = Counter("newsflow_feed_errors_total", "Failed feed polls, by feed id and kind "
                                   "(http_503, timeout, dns, ssrf, parse, too_large, ...)", ["feed", "kind"],
                                   registry=None)
        self.feed_lag = Histogram("newsflow_feed_item_lag_seconds", "From an item's date to its acceptance, by "
                                  "feed id", ["feed"], buckets=LAG_BUCKETS, registry=None)


def _record() -> _Recorders:
    """The recorders, set up on first use in each process (after fork, prometheus_client reopens its files)."""
    global _recorders
    with _lock:
        if _recorders is None:
            path = directory()
            path.mkdir(parents=True, exist_ok=True)
            clear_if_stale(path)
            # Marks this process as a writer before it has a counter file: a worker's main process records
            # nothing itself, yet a prefork child that replaces a dead one must not take it for a new run.
            (path / f"writer_{os.getpid()}.pid").touch()
            # prometheus_client picks its value class and file folder from this; ours wins over an inherited one.
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)
            values.ValueClass = values.MultiProcessValue()
            _recorders = _Recorders(path)
        return _recorders


def _forget() -> None:
    global _recorders
    with _lock:
        _recorders = None


# prometheus_client writes a forked child's counts to files of its own pid: the recorders may be inherited.
state.on_reset("metric recorders", _forget, inherited=True)


def stage(task: str) -> str:
    """The pipeline stage a task belongs to (its queue's name)."""
    return TASK_QUEUES.get(task, task.rpartition(".")[2])


def task_finished(task: str, outcome: str, seconds: float) -> None:
    """Record one finished task run."""
    recorders = _record()
    recorders.tasks.labels(task=task, outcome=outcome).inc()
    recorders.durations.labels(stage=stage(task)).observe(seconds)


def articles_received(count: int = 1) -> None:
    """Record articles accepted by the API."""
    if count:
        _record().received.inc(count)


def batch_worked(task: str, items: int) -> None:
    """Record how many items one stage task worked in its unit of work."""
    _record().batch_items.labels(stage=stage(task)).observe(items)


def articles_enriched(count: int = 1) -> None:
    """Record article versions enriched."""
    if count:
        _record().enriched.inc(count)


def articles_published(count: int = 1) -> None:
    """Record article versions published."""
    if count:
        _record().published.inc(count)


def message_failed(task: str) -> None:
    """Record one message dead-lettered by ``task``."""
    _record().failed.labels(stage=stage(task)).inc()


def delivery_attempted(mirror: str, ok: bool) -> None:
    """Record one delivery attempt to ``mirror`` and whether the mirror took it."""
    recorders = _record()
    recorders.attempts.labels(mirror=mirror, outcome="delivered" if ok else "failed").inc()
    if not ok:
        recorders.failures.labels(mirror=mirror).inc()


def redriven(task: str, reason: str) -> None:
    """Record one message the reconciler sent again."""
    _record().redrives.labels(stage=stage(task), reason=reason).inc()


def http_request(method: str, route: str, status: int, seconds: float) -> None:
    """Record one answered HTTP request (``route`` is the template, never the raw path)."""
    recorders = _record()
    recorders.http.labels(method=method, route=route, status=str(status)).inc()
    recorders.http_durations.labels(method=method, route=route, status=str(status)).observe(seconds)


def feed_polled(feed: str, outcome: str, counts: dict[str, int], error_kind: str | None = None) -> None:
    """Record one poll of a feed: its outcome, what became of its items, and the kind of error if it failed."""
    recorders = _record()
    recorders.feed_polls.labels(feed=feed, outcome=outcome).inc()
    for kind, count in counts.items():
        if count:
            recorders.feed_items.labels(feed=feed, kind=kind).inc(count)
    if error_kind is not None:
        recorders.feed_errors.labels(feed=feed, kind=error_kind).inc()


def feed_item_lag(feed: str, seconds: float) -> None:
    """Record how long after its date one item of a feed was accepted."""
    _record().feed_lag.labels(feed=feed).observe(seconds)


def exposition(collectors: Iterable[Collector] = ()) -> bytes:
    """The text exposition: every process's counters from the directory, then ``collectors``' gauges."""
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=str(_record().path))
    for collector in collectors:
        registry.register(collector)
    return generate_latest(registry)


class HeartbeatCollector(Collector):
    """The age of this host's heartbeat file for one worker service, at scrape time."""

    def __init__(self, service: str) -> None:
        self.service = service

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily("newsflow_worker_heartbeat_age_seconds", "Seconds since the worker last beat",
                                   labels=["worker", "host"])
        age = heartbeat_age(self.service)
        if age is not None:
            family.add_metric([self.service, socket.gethostname()], age)
        yield family


class BeatCopy(threading.Thread):
    """Copies the heartbeat file's time to the Redis broker, so the API sees every pod's worker."""

    def __init__(self, service: str, redis_url: str) -> None:
        super().__init__(name="heartbeat-copy", daemon=True)
        import redis

        self.key = f"{WORKER_BEAT_KEY}{service}@{socket.gethostname()}"
        self.service = service
        self.client = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5)
        self.stopped = threading.Event()
        self.copied = False

    def copy(self) -> None:
        """Store the heartbeat file's time (not now: a stuck heartbeat thread must look stale here too)."""
        beat = heartbeat_file(self.service).stat().st_mtime
        self.client.set(self.key, f"{beat:.3f}", ex=WORKER_BEAT_TTL_S)

    def run(self) -> None:
        while not self.stopped.wait(BEAT_COPY_INTERVAL_S if self.copied else 1.0):
            try:
                self.copy()
                self.copied = True
            except Exception as exc:  # Redis down or no beat yet: keep going, the next round tries again
                log.warning("metrics.beat_copy_failed", error=f"{type(exc).__name__}: {exc}")


def serve_worker(service: str) -> list[Any]:
    """In a worker's main process: /metrics on NEWSFLOW_WORKER_METRICS_PORT if set; the beat copied to Redis."""
    started: list[Any] = []
    _record()  # this main process now holds the directory's run open for its pool's children
    port = get_settings().worker_metrics_port
    if port:
        from prometheus_client import start_http_server

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=str(_record().path))
        registry.register(HeartbeatCollector(service))
        server, _ = start_http_server(int(port), addr="0.0.0.0", registry=registry)
        started.append(server)
    broker = get_settings().broker_url
    if broker.startswith(("redis://", "rediss://")):
        copy = BeatCopy(service, broker)
        copy.start()
        started.append(copy)
    return started
