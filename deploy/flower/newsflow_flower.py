"""The Celery app Flower runs with (`celery -A newsflow_flower flower`) in the mher/flower image.

Flower asks workers through remote control (inspect, ping) and follows their task events; neither needs
newsflow's code. What it does need from an app: the broker, JSON as the only content type (newsflow's workers
accept nothing else), and the queue names, so its Broker page lists newsflow's queues rather than Celery's
default ``celery``. The names are newsflow's shared/queues.py ALL_QUEUES (tests/deploy/test_compose.py keeps
them equal); the broker comes from CELERY_BROKER_URL, set by docker-compose.yml.
"""

import os

from celery import Celery
from kombu import Queue

QUEUES = ("ingest", "enrich", "publish", "deliver", "fetch")

app = Celery("newsflow-flower", broker=os.environ["CELERY_BROKER_URL"])
app.conf.update(
    accept_content=["json"],
    task_serializer="json",
    result_backend=None,
    task_queues=[Queue(name) for name in QUEUES],
)
