"""The pipeline measurements on the running stack: warm-up, backlog (acceptance + end-to-end), freshness."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.harness.corpus import Text, ninjs, variant
from benchmarks.harness.load import Post, burst, ndjson, paced
from benchmarks.harness.meter import Meter
from benchmarks.harness.processes import Stack
from benchmarks.harness.profile import Profiler, cpu_by_layer
from benchmarks.harness.stats import latency_ms, rate
from benchmarks.harness.tap import Tap

MB = 1024 * 1024


@dataclass(frozen=True)
class Sizes:
    """How much load each phase offers; the defaults keep ``make bench`` to a few minutes on 2 cores."""

    articles: int = 400
    concurrency: int = 16
    warmup: int = 4
    freshness_seconds: float = 20.0
    freshness_rate: float | None = None  # articles/s offered in the freshness phase (None: half the measured rate)
    min_freshness_articles: int = 10
    chains: int = 1000
    post_time_limit: float = 60.0
    # The API alone: this many single POSTs (at most 5 N) and articles as NDJSON bodies (at most 10 N), enough for
    # a few seconds each at the rates measured (a burst of 200 lasted 0.6 s: its figures varied by half).
    api_only_posts: int = 1000
    ndjson_articles: int = 4000
    ndjson_lines: int = 200
    # The API alone runs as `newsflow api --workers N` with one process per core (with workers, the API of the
    # stack phases is one process: the cores are the enrich pool's).
    api_processes: int = field(default_factory=lambda: os.cpu_count() or 1)
    drain_timeout: float = 300.0
    pools: tuple[tuple[str, str, int], ...] = ()  # (service, pool, concurrency) overriding the CLI defaults
    # The stack phases run once per batch size (NEWSFLOW_BATCH_SIZE); the last one's figures are the run's own.
    batch_sizes: tuple[int, ...] = (1, 8, 32)

    def pool_overrides(self) -> dict[str, tuple[str, int]]:
        """The worker pools to run instead of ``newsflow worker``'s defaults."""
        return {service: (pool, concurrency) for service, pool, concurrency in self.pools}


class Articles:
    """The run's stream of unique articles: index -> ninjs body."""

    def __init__(self, texts: list[Text], run_id: str) -> None:
        self.texts, self.run_id, self.next = texts, run_id, 0

    def take(self, count: int) -> list[dict]:
        bodies = [ninjs(variant(self.texts, i, self.run_id), i, self.run_id)
                  for i in range(self.next, self.next + count)]
        self.next += count
        return bodies


def _await(tap: Tap, bodies: list[dict], timeout: float) -> None:
    guids = {body["guid"] for body in bodies}
    if not tap.wait_for(guids, timeout):
        missing = len(guids - set(tap.arrived))
        raise RuntimeError(f"{missing} of {len(guids)} articles were not published within {timeout:.0f} s")


def _accepted(posts: list[Post]) -> list[Post]:
    return [post for post in posts if post.status == 202]


def warm_up(stack: Stack, tap: Tap, articles: Articles, sizes: Sizes) -> None:
    """Publish a few articles so every process has loaded its models and opened its connections."""
    bodies = articles.take(sizes.warmup)
    burst(stack.base, bodies, concurrency=2)
    _await(tap, bodies, 180.0)


def _delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU spent between two snapshots by processes alive at the second (exited ones are missed)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def backlog(stack: Stack, tap: Tap, meter: Meter, articles: Articles, sizes: Sizes,
            profile_dir: Path | None, server_cpu: Callable[[], dict[int, float]],
            server_counters: Callable[[], dict[str, int]]) -> dict[str, Any]:
    """POST N articles as fast as the API takes them, then wait until every one is published."""
    bodies = articles.take(sizes.articles)
    profiler = Profiler(meter.pids, profile_dir).start() if profile_dir else None
    time.sleep(0.6)  # PostgreSQL publishes its statistics at most every 500 ms: let the warm-up's land
    counters_before = server_counters()
    rss_before, cpu_before, server_before = meter.sample(), meter.cpu(), server_cpu()
    client_before = time.process_time()
    posts = burst(stack.base, bodies, sizes.concurrency, sizes.post_time_limit)
    client_seconds = time.process_time() - client_before
    accepted = _accepted(posts)
    _await(tap, [b for b in bodies if b["guid"] in {p.guid for p in accepted}], sizes.drain_timeout)
    cpu_after, server_after = meter.cpu(), server_cpu()
    time.sleep(0.6)  # PostgreSQL publishes its statistics at most every 500 ms
    counters_after = server_counters()
    profile = profiler.stop() if profiler else None
    time.sleep(1.0)  # let the relay loops and allocators settle before reading memory
    rss_after = meter.sample()
    first = min(post.started for post in posts)
    posting = max(post.started + post.seconds for post in posts) - first
    last = max(tap.arrived[post.guid] for post in accepted)
    cost = {name: {"cpu_ms_per_article": round((cpu_after[name] - cpu_before[name]) * 1000 / max(len(accepted), 1), 1),
                   "rss_before_mb": round(rss_before[name] / MB, 1), "rss_after_mb": round(rss_after[name] / MB, 1),
                   "rss_growth_mb": round((rss_after[name] - rss_before[name]) / MB, 1)}
            for name in meter.pids}
    per_article = 1000 / max(len(accepted), 1)
    outside = {"postgres_backends_ms_per_article": round(_delta(server_before, server_after) * per_article, 1),
               "bench_client_ms_per_post": round(client_seconds * 1000 / max(len(posts), 1), 2)}
    database = {f"{key}_per_article": round((value - counters_before.get(key, 0)) * per_article / 1000, 1)
                for key, value in counters_after.items() if value != counters_before.get(key, 0)}
    result = {
        "acceptance": {"posts": len(posts), "accepted": len(accepted), "seconds": round(posting, 3),
                       "posts_per_s": rate(len(posts), posting), "concurrency": sizes.concurrency,
                       "statuses": dict(Counter(str(post.status) for post in posts)),
                       "latency": latency_ms([post.seconds for post in accepted])},
        "end_to_end": {"articles": len(accepted), "seconds": round(last - first, 3),
                       "articles_per_s": rate(len(accepted), last - first)},
        "cost": cost,
        "cost_outside_services": outside,
        "database": database,
    }
    if profile is not None:
        for name, summary in profile.items():
            if name in cost and summary.get("layers_pct"):
                summary["cpu_ms_per_article_by_layer"] = cpu_by_layer(cost[name]["cpu_ms_per_article"],
                                                                      summary["layers_pct"])
        result["profile"] = profile
    return result


def api_only(stack: Stack, articles: Articles, sizes: Sizes, server_counters: Callable[[], dict[str, int]]
             ) -> dict[str, Any]:
    """PostgreSQL commits per accepted POST with only the API running (its outbox relay and marks included)."""
    burst(stack.base, articles.take(max(sizes.warmup, 25 * sizes.api_processes)), sizes.concurrency)  # each warm
    time.sleep(1.1)  # PostgreSQL 15 flushes a backend's statistics at most once a second
    before = server_counters()
    count = min(sizes.api_only_posts, 5 * sizes.articles)
    posts = burst(stack.base, articles.take(count), sizes.concurrency, sizes.post_time_limit)
    time.sleep(1.1)  # the last marks land (every 0.25 s) and the statistics are flushed
    after = server_counters()
    accepted = _accepted(posts)
    first = min(post.started for post in posts)
    seconds = max(post.started + post.seconds for post in posts) - first
    lines = min(sizes.ndjson_lines, sizes.articles)
    chunks = [articles.take(lines) for _ in range(max(1, min(10 * sizes.articles, sizes.ndjson_articles) // lines))]
    started = time.perf_counter()
    batches = ndjson(stack.base, chunks)
    batch_seconds = time.perf_counter() - started
    taken = sum(batch.lines for batch in batches if batch.status in (200, 202))
    return {"api_processes": sizes.api_processes, "posts": len(posts), "accepted": len(accepted),
            "seconds": round(seconds, 3),
            "posts_per_s": rate(len(accepted), seconds), "concurrency": sizes.concurrency,
            "latency": latency_ms([post.seconds for post in accepted]),
            "xact_commit_per_post": round((after["xact_commit"] - before["xact_commit"]) / max(len(accepted), 1), 2),
            "ndjson": {"bodies": len(batches), "lines_per_body": lines, "accepted": taken,
                       "statuses": dict(Counter(str(batch.status) for batch in batches)),
                       "seconds": round(batch_seconds, 3), "articles_per_s": rate(taken, batch_seconds),
                       "latency_per_body": latency_ms([batch.seconds for batch in batches])}}


def freshness(stack: Stack, tap: Tap, articles: Articles, sizes: Sizes, max_rate: float) -> dict[str, Any]:
    """POST → published latency at a fixed offered rate of half the measured maximum."""
    offered = max_rate / 2
    count = max(sizes.min_freshness_articles, round(offered * sizes.freshness_seconds))
    bodies = articles.take(count)
    posts = paced(stack.base, bodies, offered)
    accepted = _accepted(posts)
    _await(tap, [b for b in bodies if b["guid"] in {p.guid for p in accepted}], sizes.drain_timeout)
    return {"offered_per_s": round(offered, 2), "articles": len(accepted),
            "post_latency": latency_ms([post.seconds for post in accepted]),
            "latency": latency_ms([tap.arrived[post.guid] - post.started for post in accepted])}


def peaks(meter: Meter) -> dict[str, float]:
    """Peak RSS of every service's process tree over the whole run, in MB."""
    return {name: round(value / MB, 1) for name, value in meter.peak.items()}


def process_peaks(meter: Meter) -> dict[str, float]:
    """Peak RSS of every service's largest single process over the whole run, in MB."""
    return {name: round(value / MB, 1) for name, value in meter.peak_process.items()}


