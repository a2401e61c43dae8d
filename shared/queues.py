"""Queue, task and exchange names: the one place they are spelled; and each worker's default pool."""

from __future__ import annotations

import os

INGEST_QUEUE = "ingest"
ENRICH_QUEUE = "enrich"
PUBLISH_QUEUE = "publish"
DELIVER_QUEUE = "deliver"
FETCH_QUEUE = "fetch"
ALL_QUEUES = (INGEST_QUEUE, ENRICH_QUEUE, PUBLISH_QUEUE, DELIVER_QUEUE, FETCH_QUEUE)

INGEST_TASK = "newsflow.ingest.process"
ENRICH_TASK = "newsflow.enrich.process"
PUBLISH_TASK = "newsflow.publish.process"
DELIVER_TASK = "newsflow.publish.deliver"
FETCH_TASK = "newsflow.ingest.fetch"

TASK_QUEUES = {
    INGEST_TASK: INGEST_QUEUE,
    ENRICH_TASK: ENRICH_QUEUE,
    PUBLISH_TASK: PUBLISH_QUEUE,
    DELIVER_TASK: DELIVER_QUEUE,
    FETCH_TASK: FETCH_QUEUE,
}

# Which queues each worker service consumes.
SERVICE_QUEUES = {
    "ingest": (INGEST_QUEUE,),
    "enrich": (ENRICH_QUEUE,),
    "publish": (PUBLISH_QUEUE,),
    # Deliveries wait on other people's servers: their own pool, so a hanging mirror cannot hold publishing.
    "deliver": (DELIVER_QUEUE,),
    # Feed polls wait on publishers' servers too: a pool of their own, so a slow feed holds no article.
    "fetch": (FETCH_QUEUE,),
}

# Each worker service's default pool and concurrency (`newsflow worker SERVICE` and the benchmark start them so).
# enrich is CPU-bound (processes); the others wait on I/O (threads). Deliveries wait on other people's
# servers, so they get many threads of their own: a thread costs little while it waits on a socket, and
# threads need nothing patched (gevent would have to be added and would monkey-patch psycopg and httpx).
WORKER_DEFAULTS = {
    "ingest": ("threads", 4),
    "enrich": ("prefork", os.cpu_count() or 1),
    "publish": ("threads", 8),
    "deliver": ("threads", 16),
    "fetch": ("threads", 8),
}

ARTICLES_EXCHANGE = "newsflow.articles"

# RabbitMQ: messages a quorum queue gave up on (delivery limit reached) are dead-lettered here.
DEAD_LETTER_EXCHANGE = "newsflow.dead"
DEAD_LETTER_QUEUE = "newsflow.dead"
