"""What accepting an NDJSON body costs the API process itself: the accept path in this process, no HTTP.

    .venv/bin/python -m benchmarks.accept [--bodies 30] [--lines 200] [--json]

Each body is answered by ``services.ingest.posting.answer``, as the API's route calls it (checks, normalisation,
one transaction, the ingest messages), against a fresh PostgreSQL database and an emptied Redis database (the
benchmark's own, as ``make bench`` uses them). One body at a time, so the CPU per article is this process's own:
the HTTP layer and the load generator, which ``make bench``'s API-alone phase also counts, are left out, and so is
most of the noise of a shared machine. Prints articles/s (one body at a time) and CPU ms per article.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.harness.corpus import load_texts
from benchmarks.harness.environment import Backends
from benchmarks.harness.pipeline import Articles


def measure(bodies: int, lines: int) -> dict[str, Any]:
    corpus, texts = load_texts()
    with Backends(Path(tempfile.mkdtemp(prefix="newsflow-accept-"))) as backends:
        os.environ.update(backends.env())
        from shared.settings import get_settings

        get_settings.cache_clear()
        from services.ingest import posting
        from shared.celery import create_app

        producer = create_app("api")
        articles = Articles(texts, f"accept-{os.urandom(3).hex()}")
        headers = {"content-type": "application/x-ndjson"}

        def body() -> bytes:
            return ("\n".join(json.dumps(item) for item in articles.take(lines)) + "\n").encode()

        posting.answer(producer, headers, body(), "127.0.0.1", "warm-up")  # connections, caches, imports
        raws = [body() for _ in range(bodies)]
        wall, cpu = time.perf_counter(), time.process_time()
        for number, raw in enumerate(raws):
            answer, _ = posting.answer(producer, headers, raw, "127.0.0.1", f"body-{number}")
            if answer.status != 202:
                raise RuntimeError(f"body {number} was answered {answer.status}: {answer.body}")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        from shared.outbox import mark_sent_now

        mark_sent_now()  # before the database is dropped
    count = bodies * lines
    return {"corpus": corpus, "bodies": bodies, "lines_per_body": lines, "articles": count,
            "articles_per_s": round(count / wall, 1), "cpu_ms_per_article": round(cpu * 1000 / count, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bodies", type=int, default=30)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args()
    result = measure(args.bodies, args.lines)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['articles']} articles in bodies of {result['lines_per_body']} ({result['corpus']}): "
              f"{result['articles_per_s']:,.0f} articles/s one body at a time, "
              f"{result['cpu_ms_per_article']:.3f} CPU ms per article in the API process")


if __name__ == "__main__":
    main()
