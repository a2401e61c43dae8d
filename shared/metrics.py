"""Prometheus metrics every service records (names start with ``newsflow_``)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

TASKS = Counter("newsflow_tasks_total", "Tasks finished, by task and outcome", ["task", "outcome"])
TASK_SECONDS = Histogram("newsflow_task_duration_seconds", "Task run time", ["task"])


def task_finished(task: str, outcome: str, seconds: float) -> None:
    """Record one finished task run."""
    TASKS.labels(task=task, outcome=outcome).inc()
    TASK_SECONDS.labels(task=task).observe(seconds)
