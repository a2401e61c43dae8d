"""``python -m benchmarks.search``: search at size (issue 16).

Loads 100,000 stories into PostgreSQL (database ``newsflow_bench_search``, dropped afterwards) and 20,000 into
SQLite (a temporary file), made from the eval texts with their real enrichments (harness/search_corpus.py),
then times each typical query (p50/p95 over ``--repeat`` runs of the page, as GET /v1/articles computes it,
and of the combined query with its facets) and prints the plan of every statement it ran. Exits 1 if any plan
scans an article-sized table (article, article_version, mention) sequentially. Text, then JSON (--json FILE).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from benchmarks.harness.search_corpus import Base, enriched_texts, stories, typical_queries
from benchmarks.harness.stats import latency_ms
from benchmarks.harness.stories import load

BATCH = 5000
SEQUENTIAL = {"postgresql": re.compile(r"Seq Scan on (article|article_version|mention)\b"),
              "sqlite": re.compile(r"\bSCAN (article|article_version|mention)\b(?! USING)")}
TARGETS_MS = {"single": 50.0, "combined": 150.0}  # PostgreSQL p95 targets of the issue


def _prepare(engine: str, url: str) -> None:
    from shared import state
    from shared.db import upgrade

    if engine == "postgresql":
        admin_url, name = url.rsplit("/", 1)
        admin = sa.create_engine(f"{admin_url}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    os.environ["NEWSFLOW_DATABASE_URL"] = url
    state.reset()
    upgrade(url)


def _drop(url: str) -> None:
    admin_url, name = url.rsplit("/", 1)
    admin = sa.create_engine(f"{admin_url}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _load(engine: str, bases: list[Base], count: int) -> float:
    from shared.db import get_engine

    started = time.perf_counter()
    made = stories(bases, count)
    while batch := [story for _, story in zip(range(BATCH), made, strict=False)]:
        with get_engine().begin() as connection:
            load(connection, batch)
    with get_engine().connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE" if engine == "postgresql" else "ANALYZE")
    return time.perf_counter() - started


def _runner(params: dict[str, str], with_facets: bool) -> Callable[[], Any]:
    from services.publish.search.facets import facets
    from services.publish.search.filters import read_filters
    from services.publish.search.listing import find
    from services.publish.search.results import DEFAULT_FIELDS
    from shared.db import session_scope

    def run() -> Any:
        with session_scope() as session:
            filters = read_filters(**params)  # type: ignore[arg-type]
            found = find(session, filters, DEFAULT_FIELDS, 20)
            return (found, facets(session, filters)) if with_facets else found
    return run


def _timed(run: Callable[[], Any], repeat: int) -> dict[str, Any]:
    for _ in range(3):
        run()
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - started)
    return latency_ms(seconds)


def _plans(engine: str, run: Callable[[], Any]) -> list[tuple[str, str]]:
    """(statement, plan) of every SELECT the run sends."""
    from shared.db import get_engine

    sent: list[tuple[str, Any]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            sent.append((statement, parameters))

    sa.event.listen(get_engine(), "before_cursor_execute", capture)
    try:
        run()
    finally:
        sa.event.remove(get_engine(), "before_cursor_execute", capture)
    explain = "EXPLAIN " if engine == "postgresql" else "EXPLAIN QUERY PLAN "
    plans = []
    with get_engine().connect() as connection:
        for statement, parameters in sent:
            rows = connection.exec_driver_sql(explain + statement, parameters).all()
            plans.append((statement, "\n".join(str(row[0] if engine == "postgresql" else row[-1]) for row in rows)))
    return plans


def _loaded(url: str, count: int) -> bool:
    """Whether the database exists and holds ``count`` articles already (a kept benchmark database)."""
    try:
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            found = conn.execute(sa.text("SELECT count(*) FROM article")).scalar_one()
        engine.dispose()
    except sa.exc.SQLAlchemyError:
        return False
    return bool(found == count)


def measure(engine: str, url: str, bases: list[Base], count: int, repeat: int, reuse: bool = False
            ) -> dict[str, Any]:
    """Load ``count`` stories into a fresh database (or reuse a kept one) and time every typical query on it."""
    from shared import state

    if reuse and _loaded(url, count):
        from shared.db import upgrade

        os.environ["NEWSFLOW_DATABASE_URL"] = url
        state.reset()
        upgrade(url)  # a kept database gets the migrations written since it was loaded
        from shared.db import get_engine

        with get_engine().connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")  # as after a load: what migrations rewrote settles
        load_s = None
    else:
        _prepare(engine, url)
        load_s = round(_load(engine, bases, count), 1)
    report: dict[str, Any] = {"engine": engine, "articles": count, "load_s": load_s, "queries": {}}
    cases = [(name, params, False) for name, params in typical_queries(bases).items()]
    cases.append(("words + place + 7 days + facets", cases[-1][1], True))
    for name, params, with_facets in cases:
        run = _runner(params, with_facets)
        plans = _plans(engine, run)
        scans = [plan for _, plan in plans if SEQUENTIAL[engine].search(plan)]
        kind = "combined" if with_facets or len(params) > 2 else "single"
        report["queries"][name] = {"params": params, "kind": kind, **_timed(run, repeat),
                                   "matches_on_page": len(run().results) if not with_facets else None,
                                   "sequential_scans": len(scans), "plans": [plan for _, plan in plans]}
    return report


def _print(report: dict[str, Any], show_plans: bool) -> None:
    loaded = f"loaded in {report['load_s']} s" if report["load_s"] is not None else "(a kept database)"
    print(f"\n{report['engine']}: {report['articles']:,} articles {loaded}")
    print(f"{'query':34} {'p50 ms':>8} {'p95 ms':>8} {'target':>8} {'seq scans':>10} {'on page':>8}")
    for name, row in report["queries"].items():
        target = TARGETS_MS[row["kind"]] if report["engine"] == "postgresql" else None
        shown = "" if row["matches_on_page"] is None else row["matches_on_page"]
        print(f"{name:34} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {target or '':>8} {row['sequential_scans']:>10} "
              f"{shown:>8}")
    if show_plans:
        for name, row in report["queries"].items():
            print(f"\n--- {report['engine']} · {name} · {row['params']}")
            for plan in row["plans"]:
                print(plan, "\n")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 1 if a plan scans an article-sized table sequentially."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/newsflow_bench_search")
    parser.add_argument("--articles", type=int, default=100_000, help="PostgreSQL articles")
    parser.add_argument("--sqlite-articles", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--json", type=Path, help="also write the report here")
    parser.add_argument("--no-plans", action="store_true", help="print the tables without the query plans")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument("--reuse", action="store_true", help="query a kept PostgreSQL database of the same size "
                                                            "instead of loading it again")
    parser.add_argument("--engines", default="postgresql,sqlite", help="which engines to measure")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsflow-bench-search-") as folder:
        os.environ["NEWSFLOW_VAR_DIR"] = folder
        corpus, bases = enriched_texts()
        print(f"texts: {corpus}, {len(bases)} with their enrichments")
        reports = []
        engines = args.engines.split(",")
        if "postgresql" in engines:
            try:
                reports.append(measure("postgresql", args.pg_url, bases, args.articles, args.repeat, args.reuse))
            finally:
                if not args.keep:
                    _drop(args.pg_url)
        if "sqlite" in engines:
            reports.append(measure("sqlite", f"sqlite:///{folder}/search.db", bases, args.sqlite_articles,
                                   args.repeat))
    for report in reports:
        _print(report, not args.no_plans)
    summary = {"corpus": corpus, "reports": reports}
    print(json.dumps({"search_benchmark": [{"engine": r["engine"], "articles": r["articles"], "queries": {
        name: {k: v for k, v in row.items() if k != "plans"} for name, row in r["queries"].items()}}
        for r in reports]}))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2))
    scanned = [(r["engine"], name) for r in reports for name, row in r["queries"].items() if row["sequential_scans"]]
    if scanned:
        print(f"FAIL: sequential scans of article-sized tables in {scanned}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
