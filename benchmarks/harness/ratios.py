"""Issue 6's targets, and the ratios that survive a noisy machine: pipeline figures over the ceilings."""

from __future__ import annotations

from typing import Any

from benchmarks.harness.stats import ratio

RSS_LIMIT_MB = 600.0


def _get(result: dict[str, Any], *path: str) -> Any:
    value: Any = result
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def ratios(result: dict[str, Any]) -> dict[str, float | None]:
    """End-to-end over each ceiling, freshness over the idle framework latency, cost over compute cost."""
    e2e = _get(result, "end_to_end", "articles_per_s")
    enrich_cpu = _get(result, "cost", "enrich", "cpu_ms_per_article")
    total_cpu = sum(v.get("cpu_ms_per_article", 0) for v in (result.get("cost") or {}).values())
    total_cpu += _get(result, "cost_outside_services", "postgres_backends_ms_per_article") or 0
    return {
        "end_to_end_vs_compute": ratio(e2e, _get(result, "ceilings", "compute", "articles_per_s")),
        "end_to_end_vs_framework": ratio(e2e, _get(result, "ceilings", "framework", "chains_per_s")),
        "compute_vs_framework": ratio(_get(result, "ceilings", "compute", "articles_per_s"),
                                      _get(result, "ceilings", "framework", "chains_per_s")),
        "freshness_p50_vs_idle_chain_p50": ratio(_get(result, "freshness", "latency", "p50_ms"),
                                                 _get(result, "ceilings", "framework", "idle_chain_latency", "p50_ms")),
        "enrich_cpu_vs_compute_cpu": ratio(enrich_cpu, _get(result, "ceilings", "compute", "cpu_ms_per_article")),
        "pipeline_cpu_vs_compute_cpu": ratio(total_cpu or None,
                                             _get(result, "ceilings", "compute", "cpu_ms_per_article")),
        # Noise-proof bound: on saturated cores end-to-end / compute cannot beat compute CPU / pipeline CPU.
        "end_to_end_vs_compute_bound_from_cpu": ratio(_get(result, "ceilings", "compute", "cpu_ms_per_article"),
                                                      total_cpu or None),
    }


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """One batch size's row of the sweep: end-to-end over the compute ceiling, CPU ms per article by service
    (PostgreSQL's backends included), commits per article, freshness at half load."""
    cost = {name: value.get("cpu_ms_per_article") for name, value in (result.get("cost") or {}).items()}
    cost["postgres"] = _get(result, "cost_outside_services", "postgres_backends_ms_per_article")
    layers = {name: summary["cpu_ms_per_article_by_layer"] for name, summary in (result.get("profile") or {}).items()
              if summary.get("cpu_ms_per_article_by_layer")}  # with --profile: py-spy's split of each service's CPU
    return {
        "end_to_end_per_s": _get(result, "end_to_end", "articles_per_s"),
        "cpu_ms_per_article_by_layer": layers or None,
        "end_to_end_vs_compute": ratios(result)["end_to_end_vs_compute"],
        "cpu_ms_per_article": cost,
        "cpu_ms_per_article_total": round(sum(v for v in cost.values() if v), 1),
        "commits_per_article": _get(result, "database", "xact_commit_per_article"),
        "freshness_p50_ms": _get(result, "freshness", "latency", "p50_ms"),
        "freshness_p99_ms": _get(result, "freshness", "latency", "p99_ms"),
        "freshness_offered_per_s": _get(result, "freshness", "offered_per_s"),
    }


def _target(name: str, measured: float | None, goal: float, higher_is_better: bool, unit: str) -> dict[str, Any]:
    met = None if measured is None else (measured >= goal if higher_is_better else measured <= goal)
    return {"target": name, "goal": f"{'≥' if higher_is_better else '≤'} {goal:g}{unit}", "measured": measured,
            "met": met}


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of issue 6 with the measured value and whether it is met."""
    rows = [
        _target("end-to-end / compute ceiling", ratios(result)["end_to_end_vs_compute"], 0.7, True, ""),
        _target("freshness p99", _get(result, "freshness", "latency", "p99_ms"), 1000, False, " ms"),
        _target("freshness p50", _get(result, "freshness", "latency", "p50_ms"), 250, False, " ms"),
        _target("freshness p99 (issue 14: batches must not delay a lone article)",
                _get(result, "freshness", "latency", "p99_ms"), 250, False, " ms"),
        _target("ingest acceptance", _get(result, "acceptance", "posts_per_s"), 500, True, " POSTs/s"),
        _target("ingest 202 p99", _get(result, "acceptance", "latency", "p99_ms"), 50, False, " ms"),
        # Issue 14: the API alone (workers paused: the burst a wire service sends at the top of the hour).
        _target("API alone: single POSTs", _get(result, "api_only", "posts_per_s"), 500, True, " POSTs/s"),
        _target("API alone: 202 p99", _get(result, "api_only", "latency", "p99_ms"), 50, False, " ms"),
        _target("API alone: NDJSON", _get(result, "api_only", "ndjson", "articles_per_s"), 5000, True,
                " articles/s"),
    ]
    # The limit is per process (issue 14: "≤ 600 MB per enrich process"); a prefork worker's tree is its main
    # process and its pool, each its own process (the tree's sum is in cost[...]["peak_rss_mb"]).
    for name, cost in sorted((result.get("cost") or {}).items()):
        rows.append(_target(f"peak RSS {name} (largest process)", cost.get("peak_process_rss_mb"), RSS_LIMIT_MB,
                            False, " MB"))
    growth = [cost.get("rss_growth_mb") or 0 for cost in (result.get("cost") or {}).values()]
    rows.append(_target("RSS growth after the burst drained (max)", max(growth) if growth else None, 50, False, " MB"))
    return rows
