"""The benchmark machinery works end to end on a tiny size and reports every figure issue 6 asks for."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import redis
from click.testing import CliRunner

from benchmarks.harness.corpus import Text, variant
from benchmarks.harness.profile import cpu_by_layer, layer_of
from benchmarks.harness.stats import latency_ms, percentile
from services.cli import main
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e
# The benchmark flushes its Redis database: it always gets DB 13, apart from the suite's own.
REDIS_URL = "redis://127.0.0.1:6379/13"


def test_the_wheel_ships_the_services_and_shared_but_no_benchmark_harness() -> None:
    """`services/` holds only what ships: the packages pyproject.toml selects include no benchmark code."""
    from setuptools import find_packages

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    shipped = find_packages(str(ROOT), include=config["include"], exclude=config.get("exclude", ()))
    assert {"services", "services.cli", "services.ingest", "shared"} <= set(shipped)
    assert [name for name in shipped if "bench" in name] == []


def test_newsflow_bench_away_from_a_checkout_says_how_to_run_it(tmp_path: Path) -> None:
    """Where the harness cannot be imported (an installed wheel), the command names `make bench` and fails."""
    result = subprocess.run([sys.executable, "-m", "services.cli", "bench", "--articles", "1"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "make bench" in result.stderr, result.stderr


def test_percentiles_interpolate_between_samples() -> None:
    """p50 of 1..4 is 2.5; an empty sample has no percentile."""
    assert percentile([4.0, 1.0, 3.0, 2.0], 0.5) == 2.5
    assert percentile([], 0.99) is None
    assert latency_ms([0.010, 0.020])["p50_ms"] == 15.0


def test_variants_of_one_text_are_distinct() -> None:
    """Repeating the corpus still gives dedup a new text every time."""
    texts = [Text("Headline", "Body about Manila.")]
    assert len({variant(texts, i, "run").body for i in range(5)}) == 5


@pytest.mark.timeout(240)
def test_bench_json_has_every_figure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Given Redis and PostgreSQL, `newsflow bench --articles 5 --json` prints the phases, ceilings and targets."""
    monkeypatch.setenv("NEWSFLOW_BENCH_REDIS_URL", REDIS_URL)
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(main, ["bench", "--articles", "5", "--chains", "20", "--freshness-seconds", "2",
                                       "--freshness-rate", "3", "--batch-sizes", "1,32", "--json", "--out", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == json.loads(out.read_text())
    assert {"meta", "acceptance", "end_to_end", "freshness", "cost", "ceilings", "ratios", "targets"} <= set(data)
    assert data["end_to_end"]["articles"] == 5 and data["end_to_end"]["articles_per_s"] > 0
    assert set(data["cost"]) == {"api", "ingest", "enrich", "publish"}
    assert data["ceilings"]["framework"]["completed"] == 20
    assert data["ceilings"]["compute"]["articles"] == 5
    assert data["freshness"]["latency"]["p99_ms"] > 0
    assert data["freshness"]["offered_per_s"] == 3.0  # --freshness-rate: a fixed load, not half the measured rate
    # the API alone: single POSTs (rate, latency) and NDJSON bodies (articles/s)
    assert data["api_only"]["posts_per_s"] > 0 and data["api_only"]["latency"]["p99_ms"] > 0
    # The API alone takes up to 5 N single POSTs and 10 N articles as NDJSON bodies of N lines (N = 5 here).
    assert data["api_only"]["accepted"] == 25 and data["api_only"]["ndjson"]["accepted"] == 50
    assert data["api_only"]["ndjson"]["articles_per_s"] > 0
    # the sweep: one row per batch size, each with its ratio, cost by service, commits and freshness
    assert list(data["sweep"]) == ["1", "32"]
    for row in data["sweep"].values():
        assert row["end_to_end_per_s"] > 0 and row["end_to_end_vs_compute"] > 0
        assert {"api", "ingest", "enrich", "publish", "postgres"} == set(row["cpu_ms_per_article"])
        assert row["commits_per_article"] > 0 and row["freshness_p99_ms"] > 0
    assert redis.Redis.from_url(REDIS_URL).dbsize() == 0, "the benchmark leaves its Redis database empty"


@pytest.mark.parametrize("stack, layer", [
    (["run (celery/app/trace.py:1)", "process (services/enrich/tasks.py:29)", "forward (thinc/layers/maxout.py:52)"],
     "nlp"),
    (["process (services/ingest/tasks.py:19)", "Session.execute (sqlalchemy/orm/session.py:2373)"], "database"),
    (["process (services/ingest/tasks.py:19)", "Connection.wait (psycopg/connection.py:495)"], "waiting"),
    (["process (services/enrich/tasks.py:29)", "resolve (services/enrich/resolution/resolve.py:74)"], "newsflow"),
    (["__call__ (starlette/routing.py:10)", "_publish (shared/outbox.py:69)", "publish (kombu/messaging.py:352)"],
     "broker"),
    (["<module> (somewhere/else.py:1)"], "other"),
])
def test_a_sample_belongs_to_the_leaf_most_layer_it_ran_in(stack: list[str], layer: str) -> None:
    assert layer_of(stack) == layer


def test_cpu_is_shared_among_the_layers_that_were_not_waiting() -> None:
    assert cpu_by_layer(10.0, {"waiting": 50.0, "nlp": 30.0, "database": 20.0}) == {"nlp": 6.0, "database": 4.0}


def test_the_accept_benchmark_answers_every_body_and_reports_cpu_per_article() -> None:
    # When the in-process accept benchmark posts two NDJSON bodies of five articles
    out = subprocess.run([sys.executable, "-m", "benchmarks.accept", "--bodies", "2", "--lines", "5", "--json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    # Then it counts ten articles, each accepted (a refused body stops it with the status), and prints its figures
    assert result["articles"] == 10 and result["lines_per_body"] == 5
    assert result["articles_per_s"] > 0 and result["cpu_ms_per_article"] > 0


def test_enrichment_times_are_reported_per_text_slowest_first() -> None:
    from benchmarks.enrich_times import measure

    # Given a short text and a long one, each enriched alone
    short = Text("Talks in Manila", "Talks resumed in Manila on Monday.")
    long = Text("Floods", " ".join(["Rain fell on Dhaka, Chittagong and Sylhet for a third day."] * 60))
    result = measure([short, long])
    # Then both are timed and the long one is named the slowest, with its size
    assert result["texts"] == 2 and result["cpu_ms"]["count"] == 2
    assert result["slowest"][0]["characters"] == len(f"{long.headline}\n\n{long.body}")
    assert result["slowest"][0]["cpu_ms"] >= result["slowest"][1]["cpu_ms"]
