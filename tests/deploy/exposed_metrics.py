"""The series newsflow's /metrics endpoints expose, read from the code that defines them.

Counters and the histogram are declared in shared/metrics.py (prometheus_client ``Counter`` / ``Histogram``);
the worker heartbeat gauge there too (``GaugeMetricFamily``); the gauges computed at scrape time on the API
(queues, outbox, dead letters...) in services/console/collector.py (``_gauge`` / ``GaugeMetricFamily``). The
sources are parsed with ``ast`` rather than imported and run, so nothing needs a broker, a database or a
metrics directory, and a metric added, renamed or relabelled there is seen here at once.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import REPO

SOURCES = (REPO / "shared" / "metrics.py", REPO / "services" / "console" / "collector.py")
CONSTRUCTORS = {"Counter": "counter", "Histogram": "histogram", "GaugeMetricFamily": "gauge", "_gauge": "gauge"}


def _strings(node: ast.expr | None) -> list[str]:
    if isinstance(node, ast.List | ast.Tuple):
        return [element.value for element in node.elts if isinstance(element, ast.Constant)]
    return []


def declared(path: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    """{metric name: (type, label names)} for every metric constructor call in ``path`` with a literal name."""
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if func not in CONSTRUCTORS or not node.args:
            continue
        name = node.args[0]
        if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
            continue  # e.g. _gauge's own body: GaugeMetricFamily(name, ...)
        keywords = {k.arg: k.value for k in node.keywords}
        labels = _strings(node.args[2] if len(node.args) > 2 else keywords.get("labels", keywords.get("labelnames")))
        found[name.value] = (CONSTRUCTORS[func], tuple(labels))
    return found


def exposed() -> dict[str, frozenset[str]]:
    """{series name as scraped: its label names}, over every source.

    A counter named ``x_total`` is scraped as ``x_total``; a histogram ``x`` as ``x_bucket`` (with ``le``),
    ``x_sum`` and ``x_count``; a gauge under its own name. The multiprocess collector writes no ``_created``.
    """
    series: dict[str, frozenset[str]] = {}
    for path in SOURCES:
        for name, (kind, labels) in declared(path).items():
            if kind == "counter":
                series[name if name.endswith("_total") else f"{name}_total"] = frozenset(labels)
            elif kind == "histogram":
                series[f"{name}_bucket"] = frozenset({*labels, "le"})
                series[f"{name}_sum"] = series[f"{name}_count"] = frozenset(labels)
            else:
                series[name] = series.get(name, frozenset()) | frozenset(labels)
    return series
