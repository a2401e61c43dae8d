"""Ceiling (b): the enrichment of the same texts in plain processes on all cores; no queues, no database."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Sequence
from typing import Any

from benchmarks.harness.stats import rate

BATCH = 8  # texts per call: spaCy pipes them together, as the jsonl batch path does


def _load(counter: Any) -> None:
    from services.enrich.pipeline import get_enricher

    get_enricher().enrich(["Warm-up: talks resumed in Manila."])
    with counter.get_lock():
        counter.value += 1


def _enrich(texts: Sequence[str]) -> tuple[int, float]:
    from services.enrich.pipeline import get_enricher

    started = time.process_time()
    get_enricher().enrich(texts)
    return len(texts), time.process_time() - started


def measure_compute(texts: Sequence[str], processes: int | None = None, timeout: float = 300.0) -> dict[str, Any]:
    """Articles/s when ``processes`` (default: every core) enrich ``texts``, model loading excluded."""
    processes = processes or os.cpu_count() or 1
    context = multiprocessing.get_context("spawn")  # the benchmark has threads running: no fork
    counter = context.Value("i", 0)
    batches = [list(texts[i:i + BATCH]) for i in range(0, len(texts), BATCH)]
    with context.Pool(processes, initializer=_load, initargs=(counter,)) as pool:
        deadline = time.monotonic() + timeout
        while counter.value < processes:  # every process has loaded spaCy and the gazetteer
            if time.monotonic() > deadline:
                raise RuntimeError("the enrichment processes did not load in time")
            time.sleep(0.05)
        started = time.perf_counter()
        results = pool.map(_enrich, batches, chunksize=1)
        seconds = time.perf_counter() - started
    done = sum(count for count, _ in results)
    cpu = sum(cpu for _, cpu in results)
    return {"processes": processes, "articles": done, "seconds": round(seconds, 3),
            "articles_per_s": rate(done, seconds), "cpu_ms_per_article": round(cpu * 1000 / done, 1) if done else None,
            "per_process_articles_per_s": rate(done, seconds * processes)}
