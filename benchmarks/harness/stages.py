"""Time inside each task, read from the workers' own ``task.finished`` log events (JSON lines)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import orjson

from benchmarks.harness.stats import latency_ms


def task_durations(log_dir: Path, services: tuple[str, ...] = ("ingest", "enrich", "publish")) -> dict[str, Any]:
    """Per task name: count and p50/p95/p99/mean of ``duration_ms`` as the workers logged them."""
    seconds: dict[str, list[float]] = defaultdict(list)
    for service in services:
        path = log_dir / f"{service}.log"
        if not path.exists():
            continue
        for line in path.read_bytes().splitlines():
            if b'"task.finished"' not in line:
                continue
            try:
                event = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if event.get("outcome") == "done" and "duration_ms" in event:
                seconds[event.get("task", "?")].append(event["duration_ms"] / 1000)
    return {task: latency_ms(values) for task, values in sorted(seconds.items())}
