"""One benchmark run: private backends, the stack's phases, then both ceilings; returns one JSON-ready dict."""

from __future__ import annotations

import os
import platform
import subprocess
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

from benchmarks.harness import pipeline
from benchmarks.harness.compute import measure_compute
from benchmarks.harness.corpus import enrichment_text, load_texts, variant
from benchmarks.harness.environment import TAP_QUEUE, Backends
from benchmarks.harness.framework import measure_framework
from benchmarks.harness.meter import Meter
from benchmarks.harness.processes import Stack
from benchmarks.harness.ratios import ratios, summary, targets
from benchmarks.harness.stages import task_durations
from benchmarks.harness.tap import Tap
from shared.queues import WORKER_DEFAULTS


def machine() -> dict[str, Any]:
    """Where the numbers were measured."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return {"cpu": model, "cores": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "load_avg_at_start": [round(x, 2) for x in os.getloadavg()]}


def _commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5,
                             cwd=Path(__file__).resolve().parents[2])
        return out.stdout.strip() or None
    except OSError:
        return None


def _stack_phases(backends: Backends, log_dir: Path, texts: list, run_id: str, sizes: pipeline.Sizes,
                  profile_dir: Path | None, batch_size: int) -> dict[str, Any]:
    env = backends.env() | {"NEWSFLOW_BATCH_SIZE": str(batch_size)}
    stack = Stack(env, log_dir, sizes.pool_overrides()).start()
    tap = Tap(env["NEWSFLOW_BROKER_URL"], TAP_QUEUE)
    meter = Meter({name: child.pid for name, child in stack.children.items()})
    try:
        tap.start()
        tap.ready.wait(30)
        meter.start()
        articles = pipeline.Articles(texts, run_id)
        pipeline.warm_up(stack, tap, articles, sizes)
        result = pipeline.backlog(stack, tap, meter, articles, sizes, profile_dir, backends.server_cpu,
                                  backends.server_counters)
        measured = result["end_to_end"]["articles_per_s"] or 1.0
        result["freshness"] = pipeline.freshness(stack, tap, articles, sizes,
                                                 2 * sizes.freshness_rate if sizes.freshness_rate else measured)
        for name, peak in pipeline.peaks(meter).items():
            result["cost"][name]["peak_rss_mb"] = peak
        for name, peak in pipeline.process_peaks(meter).items():
            result["cost"][name]["peak_process_rss_mb"] = peak
        return result
    finally:
        meter.stop()
        tap.stop()
        stack.stop()


def _api_only_phase(backends: Backends, log_dir: Path, texts: list, run_id: str, sizes: pipeline.Sizes
                    ) -> dict[str, Any]:
    """The API alone (no workers), on its own articles, in ``sizes.api_processes`` processes: the burst a wire
    service sends at the top of the hour, and what one POST costs the database."""
    env = backends.env() | {"NEWSFLOW_API_WORKERS": str(sizes.api_processes)}
    stack = Stack(env, log_dir / "api-only", services=("api",)).start()
    try:
        stack.settle("api")
        return pipeline.api_only(stack, pipeline.Articles(texts, f"{run_id}-api"), sizes, backends.server_counters)
    finally:
        stack.stop()


def run(sizes: pipeline.Sizes, profile_dir: Path | None = None) -> dict[str, Any]:
    """Measure everything issue 6 asks for and return it (meta, phases, ceilings, ratios, targets)."""
    started = time.monotonic()
    corpus, texts = load_texts()
    run_id = uuid.uuid4().hex[:8]
    work = Path(tempfile.mkdtemp(prefix="newsflow-bench-"))
    meta = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "commit": _commit(), "machine": machine(),
            "corpus": corpus, "corpus_texts": len(texts), "sizes": sizes.__dict__,
            "worker_pools": WORKER_DEFAULTS | sizes.pool_overrides(), "run_id": run_id, "logs": str(work)}
    result: dict[str, Any] = {"meta": meta}
    saved_env = dict(os.environ)
    with Backends(work / "var") as backends:
        env = backends.env()
        os.environ.update(env)  # the ceilings and the no-op producer read the same settings
        from shared.settings import get_settings

        get_settings.cache_clear()
        try:
            sweep: dict[str, dict[str, Any]] = {}
            for size in sizes.batch_sizes:  # the last size's figures are the run's own (tables, targets)
                logs = work / "logs" / f"batch-{size}"
                profiles = profile_dir / f"batch-{size}" if profile_dir else None
                sweep[str(size)] = _stack_phases(backends, logs, texts, f"{run_id}-b{size}", sizes, profiles,
                                                 size) | {"stages": task_durations(logs)}
            result |= sweep[str(sizes.batch_sizes[-1])]
            result["api_only"] = _api_only_phase(backends, work / "logs", texts, run_id, sizes)
            framework = measure_framework(env, work / "logs", sizes.chains, pools=sizes.pool_overrides())
            ceiling_texts = [enrichment_text(variant(texts, i, run_id)) for i in range(sizes.articles)]
            result["ceilings"] = {"framework": framework, "compute": measure_compute(ceiling_texts)}
        finally:
            os.environ.clear()
            os.environ.update(saved_env)
            get_settings.cache_clear()
    result["sweep"] = {size: summary(phases | {"ceilings": result["ceilings"]}) for size, phases in sweep.items()}
    result["ratios"] = ratios(result)
    result["targets"] = targets(result)
    result["meta"]["wall_seconds"] = round(time.monotonic() - started, 1)
    return result
