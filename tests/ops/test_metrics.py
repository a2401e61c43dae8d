"""/metrics tells the truth about a run: real counts from every process, gauges read at scrape time."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import redis
from prometheus_client.parser import text_string_to_metric_families

from shared.metrics import WORKER_BEAT_KEY
from tests.e2e.stack import wait_for
from tests.ops.conftest import post_sample


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample in an exposition, keyed by name and sorted labels."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_metrics_after_a_run_count_the_article_through_every_stage(pipeline) -> None:  # type: ignore[no-untyped-def]
    running, mirror = pipeline
    # Given one article posted, published and delivered to the mirror
    post_sample(running)
    assert wait_for(lambda: mirror.received), running.logs()

    # When Prometheus scrapes the API (counters written by the workers' processes are in it too)
    def scraped() -> dict:
        found = samples(httpx.get(f"{running.base}/metrics", timeout=20).text)
        delivered = ("newsflow_delivery_attempts_total", (("mirror", "ops-mirror"), ("outcome", "delivered")))
        # Sent outbox rows are marked sent in the background within a fraction of a second.
        return found if found.get(delivered) == 1 and found.get(("newsflow_outbox_pending", ())) == 0 else {}

    found = wait_for(scraped)
    assert found, running.logs()

    # Then each stage counted the article once
    for stage in ("received", "enriched", "published"):
        assert found[(f"newsflow_articles_{stage}_total", ())] == 1, stage
    assert found[("newsflow_stage_duration_seconds_count", (("stage", "enrich"),))] >= 1
    # And the gauges read now show an idle, healthy pipeline
    for queue in ("ingest", "enrich", "publish", "deliver"):
        assert found[("newsflow_queue_length", (("queue", queue),))] == 0
    assert found[("newsflow_outbox_pending", ())] == 0
    assert found[("newsflow_dead_letters", ())] == 0
    assert found[("newsflow_deliveries", (("mirror", "ops-mirror"), ("state", "delivered")))] == 1
    host = socket.gethostname()
    for worker in ("ingest", "enrich", "publish"):
        assert found[("newsflow_worker_heartbeat_age_seconds", (("host", host), ("worker", worker)))] < 60
    # And each worker copied its beat to Redis, where the API of another pod would find it
    client = redis.Redis.from_url(running.env["NEWSFLOW_BROKER_URL"])
    keys = [f"{WORKER_BEAT_KEY}{worker}@{host}" for worker in ("ingest", "enrich", "publish")]
    assert wait_for(lambda: client.exists(*keys) == 3)


RECORD = "from shared import metrics; metrics.articles_received({n})"
MAIN_PROCESS = "import sys; from shared import metrics; metrics.serve_worker('enrich'); sys.stdin.read()"
SCRAPE = "import sys; from shared import metrics; sys.stdout.write(metrics.exposition().decode())"


def _python(code: str, env: dict[str, str], **kwargs):  # type: ignore[no-untyped-def]
    return subprocess.Popen([sys.executable, "-c", code], env=env, cwd=Path(__file__).parents[2],
                            stdout=subprocess.PIPE, text=True, **kwargs)


def _received(env: dict[str, str]) -> float:
    out, _ = _python(SCRAPE, env).communicate(timeout=30)
    return samples(out).get(("newsflow_articles_received_total", ()), 0.0)


def test_counts_of_exited_processes_stay_until_the_main_process_is_gone(tmp_path: Path) -> None:
    env = os.environ | {"NEWSFLOW_METRICS_DIR": str(tmp_path / "metrics"), "NEWSFLOW_VAR_DIR": str(tmp_path),
                        "NEWSFLOW_BROKER_URL": f"sqla+sqlite:///{tmp_path}/broker.db"}
    env.pop("NEWSFLOW_WORKER_METRICS_PORT", None)
    # Given a worker's main process that records nothing itself, and two of its tasks' processes that exited
    main = _python(MAIN_PROCESS, env, stdin=subprocess.PIPE)
    assert wait_for(lambda: list((tmp_path / "metrics").glob("writer_*")))
    for n in (2, 1):
        assert _python(RECORD.format(n=n), env).wait(30) == 0
    # Then a scrape sums what both counted
    assert _received(env) == 3
    # When the main process exits too, the next process starts a new run from zero
    main.communicate("", timeout=30)
    assert _received(env) == 0
