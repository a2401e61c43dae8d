"""deploy/grafana/newsflow-dashboard.json: a loadable dashboard that queries only what newsflow exposes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import REPO
from .exposed_metrics import exposed
from .test_prometheus_alerts import labels_used, metric_names

DASHBOARD = REPO / "deploy" / "grafana" / "newsflow-dashboard.json"
DATASOURCE = {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}
GRID_WIDTH = 24
LEGEND_LABEL = re.compile(r"\{\{\s*(\w+)\s*\}\}")
COUNTER_READ = r"\b(?:rate|irate|increase)\(\s*{name}\b"
# What the dashboard promises to show, by the series it reads.
REQUIRED = {
    "newsflow_articles_received_total",
    "newsflow_articles_enriched_total",
    "newsflow_articles_published_total",
    "newsflow_articles_failed_total",
    "newsflow_stage_duration_seconds_bucket",
    "newsflow_queue_length",
    "newsflow_outbox_pending",
    "newsflow_outbox_lag_seconds",
    "newsflow_delivery_attempts_total",
    "newsflow_delivery_failures_total",
    "newsflow_dead_letters",
    "newsflow_worker_heartbeat_age_seconds",
}

Obj = dict[str, Any]


@pytest.fixture(scope="module")
def dashboard() -> Obj:
    return json.loads(DASHBOARD.read_text())


@pytest.fixture(scope="module")
def series() -> dict[str, frozenset[str]]:
    return exposed()


def all_panels(dashboard: Obj) -> list[Obj]:
    """Every panel, including those nested in collapsed rows."""
    panels = []
    for panel in dashboard["panels"]:
        panels.append(panel)
        panels.extend(panel.get("panels", []))
    return panels


def query_panels(dashboard: Obj) -> list[Obj]:
    return [p for p in all_panels(dashboard) if p["type"] != "row"]


def queries(dashboard: Obj) -> list[tuple[str, Obj]]:
    """(panel title, target) for every query in the dashboard."""
    return [(panel["title"], target) for panel in query_panels(dashboard) for target in panel["targets"]]


def test_dashboard_is_a_current_schema_with_a_prometheus_datasource_variable(dashboard):
    assert dashboard["schemaVersion"] >= 36
    assert dashboard["uid"] and dashboard["title"]
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["DS_PROMETHEUS"]["type"] == "datasource"
    assert variables["DS_PROMETHEUS"]["query"] == "prometheus"


def test_every_panel_has_a_title_and_the_prometheus_datasource(dashboard):
    panels = all_panels(dashboard)
    assert len({p["id"] for p in panels}) == len(panels), "panel ids must be unique"
    for panel in panels:
        assert panel.get("title", "").strip(), panel["id"]
    for panel in query_panels(dashboard):
        assert panel.get("datasource") == DATASOURCE, panel["title"]
        assert panel["targets"], panel["title"]
        ref_ids = [t["refId"] for t in panel["targets"]]
        assert len(set(ref_ids)) == len(ref_ids), panel["title"]
        for target in panel["targets"]:
            assert target.get("datasource", DATASOURCE) == DATASOURCE, (panel["title"], target["refId"])
            assert target["expr"].strip(), (panel["title"], target["refId"])


def test_panels_fit_the_grid_without_overlapping(dashboard):
    cells: dict[tuple[int, int], str] = {}
    for panel in all_panels(dashboard):
        grid = panel["gridPos"]
        assert grid["x"] >= 0 and grid["w"] > 0 and grid["x"] + grid["w"] <= GRID_WIDTH, panel["title"]
        for x in range(grid["x"], grid["x"] + grid["w"]):
            for y in range(grid["y"], grid["y"] + grid["h"]):
                assert (x, y) not in cells, f"{panel['title']!r} overlaps {cells[(x, y)]!r}"
                cells[(x, y)] = panel["title"]


def test_every_query_reads_only_series_newsflow_exposes(dashboard, series):
    for title, target in queries(dashboard):
        names = metric_names(target["expr"])
        assert names, (title, target["expr"])
        unknown = names - set(series)
        assert not unknown, f"{title!r} reads {sorted(unknown)}, not exposed by shared/metrics.py or the collector"


def test_every_query_uses_only_labels_its_series_carry(dashboard, series):
    for title, target in queries(dashboard):
        expr = target["expr"]
        available = set().union(*(series.get(name, frozenset()) for name in metric_names(expr)))
        assert labels_used(expr) <= available, (title, expr, sorted(available))
        legend = set(LEGEND_LABEL.findall(target.get("legendFormat", "")))
        assert legend <= labels_used(expr) & available, (title, target.get("legendFormat"))


def test_counters_are_read_as_rates_and_the_histogram_as_quantiles(dashboard):
    for title, target in queries(dashboard):
        expr = target["expr"]
        for name in metric_names(expr):
            if name.endswith("_total"):
                assert re.search(COUNTER_READ.format(name=name), expr), (title, expr)
            if name.endswith("_bucket"):
                assert "histogram_quantile(" in expr and "le" in labels_used(expr), (title, expr)


def test_dashboard_shows_what_it_promises(dashboard):
    exprs = [target["expr"] for _, target in queries(dashboard)]
    read = set().union(*(metric_names(expr) for expr in exprs))
    assert REQUIRED <= read, sorted(REQUIRED - read)
    assert any("histogram_quantile(0.5," in e for e in exprs) and any("histogram_quantile(0.95," in e for e in exprs)
    grouped = {(name, label) for e in exprs for name in metric_names(e) for label in labels_used(e)}
    for name, label in [
        ("newsflow_queue_length", "queue"),
        ("newsflow_delivery_attempts_total", "mirror"),
        ("newsflow_delivery_failures_total", "mirror"),
        ("newsflow_worker_heartbeat_age_seconds", "worker"),
        ("newsflow_stage_duration_seconds_bucket", "stage"),
        ("newsflow_feed_polls_total", "outcome"),
        ("newsflow_feed_errors_total", "feed"),
        ("newsflow_feeds", "state"),
    ]:
        assert (name, label) in grouped, (name, label)


def test_every_query_is_valid_promql(dashboard, tmp_path: Path):
    """promtool parses each query (as a recording rule, Grafana's $__ intervals replaced by a duration)."""
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool is not installed (Debian package 'prometheus')")
    rules = [
        {"record": f"newsflow_dashboard:query{i}", "expr": re.sub(r"\$__\w+", "5m", target["expr"])}
        for i, (_, target) in enumerate(queries(dashboard))
    ]
    path = tmp_path / "dashboard-rules.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    result = subprocess.run([promtool, "check", "rules", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_series_are_extracted_from_the_code_with_their_labels(series):
    """The check is live: the extraction sees the code's metrics, and rejects near misses."""
    assert series["newsflow_articles_received_total"] == frozenset()
    assert series["newsflow_delivery_attempts_total"] == {"mirror", "outcome"}
    assert series["newsflow_stage_duration_seconds_bucket"] == {"stage", "le"}
    assert series["newsflow_stage_duration_seconds_count"] == {"stage"}
    assert series["newsflow_worker_heartbeat_age_seconds"] == {"worker", "host"}
    assert series["newsflow_queue_length"] == {"queue"}
    assert series["newsflow_outbox_lag_seconds"] == frozenset()
    for missing in ("newsflow_articles_received", "newsflow_stage_duration_seconds", "newsflow_queue_length_total"):
        assert missing not in series
