"""Soak: N articles at a fixed rate with a worker killed every few seconds, then a reconciliation.

    python -m tests.faults.soak --articles 10000 --rate 25 --kill-every 30 [--broker rabbitmq] [--json]

Runs the real services on a private broker (Redis with AOF by default, Redis without persistence, or
RabbitMQ as a node of its own) and a private PostgreSQL (never the machine's shared ones). Kills
rotate through: SIGKILL of an enrich pool process, SIGKILL of a whole worker (restarted), SIGTERM of a
worker (warm shutdown, restarted). Prints accepted, published, lost, duplicated and the POST →
published lag, as measured.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import signal
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from shared.db import session_scope
from shared.models import Article
from tests.faults.harness import Pipeline, running_pipeline
from tests.faults.servers import BROKERS

KILLS = ("sigkill-enrich-child", "sigkill-worker", "sigterm-worker")


def _kill(pipeline: Pipeline, kind: str, rng: random.Random) -> str:
    service = rng.choice(("ingest", "enrich", "publish", "deliver"))
    if kind == "sigkill-enrich-child":
        children = pipeline.children("enrich")
        if children:
            os.kill(rng.choice(children), signal.SIGKILL)
        return f"{kind}"
    process = pipeline.process(service)
    for child in pipeline.children(service):
        os.kill(child, signal.SIGKILL if kind == "sigkill-worker" else signal.SIGTERM)
    process.send_signal(signal.SIGKILL if kind == "sigkill-worker" else signal.SIGTERM)
    process.wait(60)
    pipeline.restart(service)
    return f"{kind}:{service}"


def _post(pipeline: Pipeline, total: int, rate: float, ids: list[str], errors: list[str]) -> None:
    from tests.faults.harness import article

    started = time.monotonic()
    for n in range(total):
        time.sleep(max(0.0, started + n / rate - time.monotonic()))
        try:
            answer = pipeline.post(article(n, "soak-"))
            if answer.status_code in (200, 202):
                ids.append(answer.json()["id"])
            else:
                errors.append(f"{answer.status_code}: {answer.text[:200]}")
        except Exception as exc:  # recorded and reported: a refused POST is not an accepted article
            errors.append(f"{type(exc).__name__}: {exc}")


def _lags(ids: list[str]) -> dict[str, float]:
    with session_scope() as session:
        rows = session.execute(select(Article.created_at, Article.published_at).where(Article.id.in_(ids)))
        lags = sorted((p - c).total_seconds() for c, p in rows if p is not None)
        count = session.scalar(select(func.count()).select_from(Article)) or 0
    if not lags:
        return {"articles_in_db": count}
    return {"articles_in_db": count, "lag_p50_s": round(lags[len(lags) // 2], 3),
            "lag_p99_s": round(lags[int(len(lags) * 0.99) - 1], 3), "lag_max_s": round(lags[-1], 3)}


def drain_deadline(articles: int, rate: float) -> float:
    """Seconds the soak allows from the first POST to the last publication (2 articles/s floor)."""
    return articles / rate + articles / 2.0 + 300.0


def soak(articles: int, rate: float, kill_every: float, seed: int, broker: str = "redis-aof") -> dict:
    """Run the soak and return its reconciliation."""
    from tests.conftest import GAZETTEER

    rng, ids, errors, kills = random.Random(seed), [], [], []
    with tempfile.TemporaryDirectory(prefix="newsflow-soak-") as work, \
            running_pipeline(Path(work), GAZETTEER, broker=broker) as pipeline:
        started = time.monotonic()
        poster = threading.Thread(target=_post, args=(pipeline, articles, rate, ids, errors))
        poster.start()
        posting_s, deadline = None, started + drain_deadline(articles, rate)
        for kind in itertools.cycle(KILLS):
            if poster.is_alive():
                poster.join(kill_every)
            else:
                time.sleep(kill_every)
            if posting_s is None and not poster.is_alive():
                posting_s = time.monotonic() - started
            # Kills go on through the drain: a backlog is where a killed worker holds the most.
            if posting_s is not None and (time.monotonic() > deadline
                                          or pipeline.statuses(ids)["published"] == len(ids)):
                break
            kills.append(_kill(pipeline, kind, rng))
        statuses = pipeline.wait_published(ids, timeout=max(120.0, deadline - time.monotonic()))
        report = pipeline.reconcile(ids, settle=120, limit=600)
        return report | _lags(ids) | {
            "published": statuses.get("published", 0), "statuses": dict(statuses), "post_errors": len(errors),
            "post_error_samples": errors[:3], "kills": kills, "seconds": round(time.monotonic() - started, 1),
            "articles": articles, "rate": rate, "kill_every_s": kill_every, "broker": broker,
            "offered_per_s": round(len(ids) / max(posting_s, 1e-9), 2),
            "published_per_s": round(statuses.get("published", 0) / max(time.monotonic() - started, 1e-9), 2),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=25.0, help="articles per second offered")
    parser.add_argument("--kill-every", type=float, default=30.0, help="seconds between kills")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--broker", choices=BROKERS, default="redis-aof")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = soak(args.articles, args.rate, args.kill_every, args.seed, args.broker)
    if args.json:
        print(json.dumps(report))
    else:
        for key, value in report.items():
            print(f"{key:>24}: {value}")
    ok = report["lost_at_exchange"] == report["lost_at_mirror"] == 0 and report["published"] == report["accepted"]
    raise SystemExit(0 if ok and not report["duplicated_at_mirror"] and not report["duplicated_at_exchange"] else 1)


if __name__ == "__main__":
    main()
