"""The gauges /metrics computes at scrape time from the pipeline's state (queues, outbox, workers...)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from services.console.state import snapshot


def _gauge(name: str, doc: str, labels: list[str] | None = None) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, doc, labels=labels)


class PipelineCollector(Collector):
    """Reads the pipeline's state once per scrape and turns it into ``newsflow_*`` gauges."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        state = snapshot()
        yield from self._broker(state)
        yield from self._database(state)
        up = _gauge("newsflow_state_read_ok", "1 when this part of the pipeline state could be read", ["part"])
        for part in ("broker", "workers", "database"):
            up.add_metric([part], 0.0 if part in state["errors"] else 1.0)
        yield up

    def _broker(self, state: dict[str, Any]) -> Iterator[GaugeMetricFamily]:
        if state["queues"] is not None:
            queues = _gauge("newsflow_queue_length", "Messages waiting in the queue", ["queue"])
            for name, depth in state["queues"].items():
                queues.add_metric([name], depth)
            yield queues
        if state["workers"] is not None:
            beats = _gauge("newsflow_worker_heartbeat_age_seconds", "Seconds since the worker last beat",
                           ["worker", "host"])
            for worker in state["workers"]:
                beats.add_metric([worker["service"], worker["host"]], worker["age_s"])
            yield beats

    def _database(self, state: dict[str, Any]) -> Iterator[GaugeMetricFamily]:
        if state["outbox"] is None:
            return
        pending = _gauge("newsflow_outbox_pending", "Outbox events not yet handed to the broker")
        pending.add_metric([], state["outbox"]["pending"])
        lag = _gauge("newsflow_outbox_lag_seconds", "Age of the oldest outbox event not yet handed to the broker")
        lag.add_metric([], state["outbox"]["lag_s"])
        letters = _gauge("newsflow_dead_letters", "Dead letters waiting for an operator")
        letters.add_metric([], sum(state["dead_letters"].values()))
        articles = _gauge("newsflow_articles", "Articles by status", ["status"])
        for status, count in state["articles"].items():
            articles.add_metric([status], count)
        deliveries = _gauge("newsflow_deliveries", "Deliveries by mirror and state", ["mirror", "state"])
        for mirror in state["mirrors"]:
            for delivery_state, count in mirror["deliveries"].items():
                deliveries.add_metric([mirror["name"], delivery_state], count)
        parked = _gauge("newsflow_mirror_parked", "1 while the mirror's circuit breaker parks it (open or probing)",
                        ["mirror"])
        for mirror in state["mirrors"]:
            parked.add_metric([mirror["name"]], 1 if mirror["parked"] else 0)
        parked_total = _gauge("newsflow_mirrors_parked", "Mirrors parked by their circuit breaker")
        parked_total.add_metric([], sum(1 for mirror in state["mirrors"] if mirror["parked"]))
        stuck = _gauge("newsflow_stuck_articles", "Articles that have not advanced for 5 minutes (newsflow doctor)")
        stuck.add_metric([], state["stuck_articles"] or 0)
        polled = _gauge("newsflow_feeds", "Polled feeds by state (active, paused, failing)", ["state"])
        for feed_state, count in ((state.get("feeds") or {}).get("states") or {}).items():
            polled.add_metric([feed_state], count)
        yield from (pending, lag, letters, articles, deliveries, parked, parked_total, stuck, polled)
