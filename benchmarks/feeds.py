"""Feed polls per second per fetch worker, and CPU per poll, against a local feed server with 1,000 feeds.

    .venv/bin/python -m benchmarks.feeds [--feeds 1000] [--changing 0.05] [--threads 8] [--database-url URL]

The server runs in a child process (its CPU is not counted); most feeds answer 304 to the conditional GET, a
share (``--changing``) has a new item at every poll. A first round (every feed new, every item accepted) warms
up and is reported apart; the measured round polls every feed once more through the fetch worker's own code
(``services.ingest.feeds.poll``) in a pool of the fetch worker's default size. Prints text, then one JSON line.
The database is a fresh SQLite file unless ``--database-url`` names another (an empty PostgreSQL database).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from benchmarks.feeds_server import serve_forever
from shared.queues import WORKER_DEFAULTS


def _round(feed_ids: list[int], threads: int) -> dict[str, Any]:
    from services.ingest.feeds.poll import poll
    from services.ingest.tasks import app

    started, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(threads) as pool:
        reports = list(pool.map(lambda feed_id: poll(feed_id, app), feed_ids))
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    outcomes: dict[str, int] = {}
    for report in reports:
        outcomes[report.outcome] = outcomes.get(report.outcome, 0) + 1
    return {"polls": len(reports), "seconds": round(seconds, 3), "polls_per_s": round(len(reports) / seconds, 1),
            "cpu_ms_per_poll": round(cpu_s * 1000 / len(reports), 2), "outcomes": outcomes,
            "new_items": sum(report.new for report in reports)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--changing", type=float, default=0.05, help="share of feeds with a new item each poll")
    parser.add_argument("--threads", type=int, default=WORKER_DEFAULTS["fetch"][1])
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="newsflow-feeds-bench-")
    os.environ.update({"NEWSFLOW_DATA_DIR": work, "NEWSFLOW_OUTBOUND_ALLOWLIST": "127.0.0.1",
                       "NEWSFLOW_FEED_HOST_GAP": "0", "NEWSFLOW_LOG_LEVEL": "WARNING"})
    if args.database_url:
        os.environ["NEWSFLOW_DATABASE_URL"] = args.database_url
    from shared.db import session_scope, upgrade
    from shared.logging import configure_logging

    configure_logging()
    upgrade()
    ports: multiprocessing.Queue[int] = multiprocessing.Queue()
    changing = int(args.feeds * args.changing)
    server = multiprocessing.Process(target=serve_forever, args=(ports, changing), daemon=True)
    server.start()
    port = ports.get(timeout=30)
    try:
        from services.ingest.feeds import registry

        with session_scope() as session:
            feed_ids = [registry.add(session, f"http://127.0.0.1:{port}/{'c' if n < changing else 's'}/{n}",
                                     "bench", "15m", "never", f"bench-{n}").id for n in range(args.feeds)]
        warm = _round(feed_ids, args.threads)
        measured = _round(feed_ids, args.threads)
    finally:
        server.terminate()
    result = {"benchmark": "feeds", "feeds": args.feeds, "changing": changing, "threads": args.threads,
              "database": "sqlite" if not args.database_url else args.database_url.split(":", 1)[0],
              "first_round": warm, "measured_round": measured}
    print(f"first round (every feed new, {warm['new_items']} items accepted): {warm['polls_per_s']} polls/s, "
          f"{warm['cpu_ms_per_poll']} CPU ms per poll")
    print(f"measured round ({args.feeds} feeds, {changing} with a new item, the rest 304; one fetch worker of "
          f"{args.threads} threads): {measured['polls_per_s']} polls/s, {measured['cpu_ms_per_poll']} CPU ms per "
          f"poll; outcomes {measured['outcomes']}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
