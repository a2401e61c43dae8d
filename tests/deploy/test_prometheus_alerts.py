"""deploy/prometheus/alerts.yml: well-formed rules on newsflow's own metrics."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

import pytest
import yaml

from .conftest import REPO
from .exposed_metrics import exposed

PROMQL_WORDS = {
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "and",
    "or",
    "unless",
    "offset",
    "bool",
    "inf",
    "nan",
}
DURATION = re.compile(r"^(\d+(ms|s|m|h|d|w|y))+$")
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)")


@pytest.fixture(scope="module")
def rules() -> list[dict[str, Any]]:
    document = yaml.safe_load((REPO / "deploy" / "prometheus" / "alerts.yml").read_text())
    return [rule for group in document["groups"] for rule in group["rules"]]


def metric_names(expr: str) -> set[str]:
    """Names of the series a PromQL expression reads (not functions, keywords or label names)."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)  # strings
    expr = re.sub(r"\{[^}]*\}", "", expr)  # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # range selectors
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", expr)  # label lists
    names = re.findall(r"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()", expr)
    return {n for n in names if n.lower() not in PROMQL_WORDS and not DURATION.match(n)}


def labels_used(expr: str) -> set[str]:
    """Label names an expression matches on or groups by."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    used = {label for group in GROUPING.findall(expr) for label in re.findall(r"\w+", group)}
    for matchers in re.findall(r"\{([^}]*)\}", expr):
        used |= set(re.findall(r"(\w+)\s*(?:=~|!~|!=|=)", matchers))
    return used


def seconds(duration: str) -> int:
    return sum(int(n) * SECONDS[u] for n, u in re.findall(r"(\d+)([smhd])", duration))


def test_every_rule_is_a_complete_alert(rules):
    names = [rule["alert"] for rule in rules]
    assert len(names) == len(set(names))
    for rule in rules:
        assert rule["expr"].strip(), rule["alert"]
        assert DURATION.match(rule["for"]), rule["alert"]
        assert rule["labels"]["severity"] in {"critical", "warning", "info"}, rule["alert"]
        assert rule["annotations"]["summary"].strip(), rule["alert"]


def test_alerts_read_only_newsflow_metrics(rules):
    for rule in rules:
        names = metric_names(rule["expr"])
        assert names, rule["alert"]
        assert all(name.startswith("newsflow_") for name in names), (rule["alert"], names)


def test_alerts_read_only_series_and_labels_the_code_exposes(rules):
    series = exposed()
    for rule in rules:
        names = metric_names(rule["expr"])
        assert names <= set(series), (rule["alert"], sorted(names - set(series)))
        available = set().union(*(series[name] for name in names))
        assert labels_used(rule["expr"]) <= available, (rule["alert"], sorted(available))
        text = " ".join(rule["annotations"].values())
        assert set(re.findall(r"\$labels\.(\w+)", text)) <= available, rule["alert"]


@pytest.mark.parametrize(
    ("alert", "metric", "at_least"),
    [
        ("NewsflowNoWorkersOnline", "newsflow_worker_heartbeat_age_seconds", "1m"),
        ("NewsflowQueueGrowing", "newsflow_queue_length", "10m"),
        ("NewsflowMirrorFailing", "newsflow_delivery_failures_total", "1h"),
        ("NewsflowRedrivesPersist", "newsflow_redrives_total", "15m"),
        ("NewsflowDeadLetters", "newsflow_dead_letters", "10m"),
        ("NewsflowOutboxLag", "newsflow_outbox_lag_seconds", "2m"),
        ("NewsflowStuckArticles", "newsflow_stuck_articles", "10m"),
        ("NewsflowApiDown", "newsflow_state_read_ok", "1m"),
        ("NewsflowFeedFailing", "newsflow_http_requests_total", "5m"),
        ("NewsflowPulledFeedsFailing", "newsflow_feeds", "5m"),
    ],
)
def test_each_promised_alert_watches_its_metric_for_long_enough(rules, alert, metric, at_least):
    (rule,) = [r for r in rules if r["alert"] == alert]
    assert metric in metric_names(rule["expr"])
    assert seconds(rule["for"]) >= seconds(at_least)


def test_summaries_name_the_label_they_alert_on(rules):
    by_name = {rule["alert"]: rule for rule in rules}
    assert "$labels.queue" in by_name["NewsflowQueueGrowing"]["annotations"]["summary"]
    assert "$labels.mirror" in by_name["NewsflowMirrorFailing"]["annotations"]["summary"]
    assert "$labels.route" in by_name["NewsflowFeedFailing"]["annotations"]["summary"]


def test_the_feed_alert_reads_only_feed_routes_server_errors(rules):
    """Feeds are not pulled: a feed failing is a /feeds route answering 5xx (labels by route template)."""
    (rule,) = [r for r in rules if r["alert"] == "NewsflowFeedFailing"]
    assert 'route=~"/feeds/.*"' in rule["expr"] and 'status=~"5.."' in rule["expr"]


def test_metric_name_extraction_ignores_functions_labels_and_keywords():
    expr = 'sum by (mirror) (increase(foo_total{mirror!="a"}[15m])) > 0 and on() absent(bar) or baz'
    assert metric_names(expr) == {"foo_total", "bar", "baz"}
    assert labels_used(expr) == {"mirror"}


def test_promtool_accepts_the_rules_and_their_unit_tests_pass():
    """Prometheus' own engine evaluates alerts_test.yml against alerts.yml (every alert has a firing case)."""
    promtool = shutil.which("promtool")
    assert promtool is not None, "promtool is missing: install Debian's 'prometheus' package (.ci/run does)"
    folder = REPO / "deploy" / "prometheus"
    for command in (["check", "rules", "alerts.yml"], ["test", "rules", "alerts_test.yml"]):
        result = subprocess.run([promtool, *command], cwd=folder, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
    tested = set(re.findall(r"alertname: (\w+)", (folder / "alerts_test.yml").read_text()))
    groups = yaml.safe_load((folder / "alerts.yml").read_text())["groups"]
    assert tested == {rule["alert"] for group in groups for rule in group["rules"]}
