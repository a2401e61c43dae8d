"""The benchmark's printed form: rich tables of the phases, the ceilings, the ratios and the targets."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 10 else f"{value:,.1f}"
    return str(value)


def _latency(lat: dict[str, Any]) -> str:
    return " / ".join(_fmt(lat.get(k)) for k in ("p50_ms", "p95_ms", "p99_ms")) + " ms"


def _throughput(result: dict[str, Any]) -> Table:
    table = Table(title="newsflow pipeline benchmark", show_lines=False)
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("latency p50 / p95 / p99", justify="right")
    acc, e2e, fresh = result["acceptance"], result["end_to_end"], result["freshness"]
    framework, compute = result["ceilings"]["framework"], result["ceilings"]["compute"]
    table.add_row(f"ingest acceptance ({acc['posts']} POSTs, {acc['concurrency']} in flight)",
                  f"{_fmt(acc['posts_per_s'])} POSTs/s", _latency(acc["latency"]))
    api_only, database = result.get("api_only", {}), result.get("database", {})
    if api_only.get("posts_per_s") is not None:
        processes = api_only.get("api_processes", 1)
        table.add_row(f"API alone (no workers; {processes} API process{'es' if processes > 1 else ''}): "
                      f"{api_only['accepted']} POSTs, {api_only['concurrency']} in flight",
                      f"{_fmt(api_only['posts_per_s'])} POSTs/s", _latency(api_only["latency"]))
        batch = api_only["ndjson"]
        table.add_row(f"API alone: {batch['bodies']} NDJSON bodies of {batch['lines_per_body']} lines, 2 in flight",
                      f"{_fmt(batch['articles_per_s'])} articles/s", _latency(batch["latency_per_body"]) + " a body")
    table.add_row(f"PostgreSQL commits per POST, API alone ({api_only.get('accepted')} accepted)",
                  _fmt(api_only.get("xact_commit_per_post")),
                  f"whole pipeline: {_fmt(database.get('xact_commit_per_article'))} per article")
    table.add_row(f"end-to-end, backlog of {e2e['articles']}", f"{_fmt(e2e['articles_per_s'])} articles/s", "")
    table.add_row(f"freshness at {_fmt(fresh['offered_per_s'])}/s ({fresh['articles']} articles)", "",
                  _latency(fresh["latency"]))
    table.add_row("ceiling (a) framework: 3-hop no-op chain", f"{_fmt(framework['chains_per_s'])} chains/s",
                  _latency(framework["idle_chain_latency"]) + " idle")
    table.add_row(f"ceiling (b) compute: enrich on {compute['processes']} processes",
                  f"{_fmt(compute['articles_per_s'])} articles/s", "")
    return table


def _cost(result: dict[str, Any]) -> Table:
    table = Table(title="cost per service (backlog phase)")
    for column in ("service", "CPU ms/article", "peak RSS MB (tree)", "largest process MB", "RSS growth MB"):
        table.add_column(column, justify="right" if column != "service" else "left")
    for name, cost in result["cost"].items():
        table.add_row(name, _fmt(cost["cpu_ms_per_article"]), _fmt(cost.get("peak_rss_mb")),
                      _fmt(cost.get("peak_process_rss_mb")), _fmt(cost["rss_growth_mb"]))
    outside = result.get("cost_outside_services", {})
    table.add_row("[dim]postgres backends (lower bound)[/dim]", _fmt(outside.get("postgres_backends_ms_per_article")),
                  "", "")
    table.add_row("[dim]bench client, per POST[/dim]", _fmt(outside.get("bench_client_ms_per_post")), "", "")
    compute = result["ceilings"]["compute"]
    table.add_row("compute ceiling", _fmt(compute["cpu_ms_per_article"]), "", "")
    for task, lat in result.get("stages", {}).items():
        table.add_row(f"[dim]{task} (in task)[/dim]", "", "", f"[dim]{_latency(lat)}[/dim]")
    return table


def _layers(result: dict[str, Any]) -> Table | None:
    """With --profile: each service's CPU ms per article by layer (py-spy samples, waits set apart)."""
    profile = result.get("profile") or {}
    rows = {name: summary["cpu_ms_per_article_by_layer"] for name, summary in profile.items()
            if summary.get("cpu_ms_per_article_by_layer")}
    if not rows:
        return None
    layers = sorted({layer for row in rows.values() for layer in row})
    table = Table(title="CPU ms per article by layer (--profile)")
    table.add_column("service")
    for layer in layers:
        table.add_column(layer, justify="right")
    for name, row in rows.items():
        table.add_row(name, *(_fmt(row.get(layer)) for layer in layers))
    return table


def _sweep(result: dict[str, Any]) -> Table | None:
    """One row per batch size: end-to-end over the compute ceiling, CPU per article, commits, freshness."""
    sweep = result.get("sweep") or {}
    if not sweep:
        return None
    services = sorted({name for row in sweep.values() for name in row["cpu_ms_per_article"]})
    table = Table(title="batch-size sweep (NEWSFLOW_BATCH_SIZE)")
    for column in ("batch", "e2e /s", "e2e ÷ compute", *[f"{name} ms" for name in services], "CPU ms/article",
                   "commits/article", "freshness p50 / p99 ms"):
        table.add_column(column, justify="right")
    for size, row in sweep.items():
        table.add_row(size, _fmt(row["end_to_end_per_s"]), _fmt(row["end_to_end_vs_compute"]),
                      *(_fmt(row["cpu_ms_per_article"].get(name)) for name in services),
                      _fmt(row["cpu_ms_per_article_total"]), _fmt(row["commits_per_article"]),
                      f"{_fmt(row['freshness_p50_ms'])} / {_fmt(row['freshness_p99_ms'])}")
    return table


def _targets(result: dict[str, Any]) -> Table:
    table = Table(title="ratios and targets (issue 6)")
    for column in ("target", "goal", "measured", "met"):
        table.add_column(column)
    for row in result["targets"]:
        mark = {True: "[green]yes[/green]", False: "[red]no[/red]", None: "—"}[row["met"]]
        table.add_row(row["target"], row["goal"], _fmt(row["measured"]), mark)
    for name, value in result["ratios"].items():
        table.add_row(f"[dim]{name.replace('_', ' ')}[/dim]", "", _fmt(value), "")
    return table


def show(result: dict[str, Any], console: Console | None = None) -> None:
    """Print the run's tables and a line saying where and when it ran."""
    console = console or Console()
    meta = result["meta"]
    console.print(f"{meta['date']} · {meta['machine']['cpu']} × {meta['machine']['cores']} cores · "
                  f"corpus {meta['corpus']} ({meta['corpus_texts']} texts) · {meta['wall_seconds']} s")
    for table in (_throughput(result), _sweep(result), _cost(result), _layers(result), _targets(result)):
        if table is not None:
            console.print(table)
