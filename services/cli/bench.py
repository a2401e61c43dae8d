"""``newsflow bench``: run the pipeline benchmark on the local Redis and PostgreSQL; print a table or JSON.

The harness is a tool, not the product: it lives in ``benchmarks/harness/`` of a checkout and is not installed, so
this command works where that folder can be imported (the checkout's root: ``make bench``) and otherwise says so.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from services.cli.common import friendly_errors

DEFAULT_OUT = Path("var") / "bench.json"
POOLS = ("prefork", "threads", "solo")


def _pools(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> tuple[tuple[str, str, int], ...]:
    """Parse SERVICE=POOL:N options into (service, pool, concurrency)."""
    parsed = []
    for value in values:
        service, _, spec = value.partition("=")
        pool, _, count = spec.partition(":")
        if service not in ("ingest", "enrich", "publish") or pool not in POOLS or not count.isdigit() or int(count) < 1:
            raise click.BadParameter(f"{value!r} is not SERVICE=POOL:N, e.g. enrich=prefork:2 ({', '.join(POOLS)})")
        parsed.append((service, pool, int(count)))
    return tuple(parsed)


def _batch_sizes(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[int, ...]:
    """Parse "1,8,32" into batch sizes, each between 1 and 256."""
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if not parts or not all(part.isdigit() and 1 <= int(part) <= 256 for part in parts):
        raise click.BadParameter(f"{value!r} is not a comma-separated list of batch sizes between 1 and 256")
    return tuple(int(part) for part in parts)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON instead of tables.")
@click.option("--articles", "-n", type=click.IntRange(min=1), default=400, show_default=True,
              help="Backlog size (the burst POSTed at once).")
@click.option("--concurrency", type=click.IntRange(min=1), default=16, show_default=True,
              help="POSTs in flight during the burst.")
@click.option("--freshness-seconds", type=click.FloatRange(min=1), default=20.0, show_default=True,
              help="How long the fixed-rate phase offers load.")
@click.option("--freshness-rate", type=click.FloatRange(min=0.1), default=None,
              help="Offer this many articles/s in the freshness phase instead of half the measured rate (to "
                   "compare two versions at the same load).")
@click.option("--chains", type=click.IntRange(min=1), default=1000, show_default=True,
              help="No-op chains for the framework ceiling.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Where to write the JSON result.")
@click.option("--worker", "pools", multiple=True, metavar="SERVICE=POOL:N", callback=_pools,
              help="Run a worker with another pool, e.g. enrich=prefork:2 (repeatable).")
@click.option("--profile", "profile_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Record py-spy profiles of every service during the backlog into this folder.")
@click.option("--batch-sizes", default="1,8,32", show_default=True, callback=_batch_sizes,
              help="Run the stack phases once per NEWSFLOW_BATCH_SIZE (comma-separated; the last one's figures "
                   "are the run's own).")
@click.option("--api-processes", type=click.IntRange(min=1), default=None,
              help="API processes in the API-alone phase (default: one per core).")
@friendly_errors
def bench(as_json: bool, articles: int, concurrency: int, freshness_seconds: float, freshness_rate: float | None,
          chains: int, out: Path, pools: tuple[tuple[str, str, int], ...], profile_dir: Path | None,
          batch_sizes: tuple[int, ...], api_processes: int | None) -> None:
    """Measure acceptance, end-to-end throughput, freshness and cost against the framework and compute ceilings."""
    if (Path.cwd() / "benchmarks" / "harness").is_dir() and str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))  # the root of a checkout: its harness, as `make bench` finds it
    try:
        from benchmarks.harness.pipeline import Sizes
        from benchmarks.harness.report import show
        from benchmarks.harness.run import run
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("benchmarks"):
            raise
        raise click.ClickException("the benchmark harness is not installed with newsflow: run `newsflow bench` "
                                   "(or `make bench`) from the root of a checkout of the repository") from exc

    sizes = Sizes(articles=articles, concurrency=concurrency, freshness_seconds=freshness_seconds, chains=chains,
                  warmup=min(4, articles), min_freshness_articles=min(10, articles), pools=pools,
                  batch_sizes=batch_sizes, freshness_rate=freshness_rate,
                  **({"api_processes": api_processes} if api_processes is not None else {}))
    try:
        result = run(sizes, profile_dir)
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    if as_json:
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    show(result)
    click.echo(f"JSON written to {out}", err=True)
