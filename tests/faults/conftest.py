"""Fixtures for tests that break things on purpose: the pipeline on private servers, on every broker.

A test marked ``@pytest.mark.brokers`` runs once per broker (Redis with AOF, Redis keeping nothing on disk,
RabbitMQ); ``@pytest.mark.brokers("rabbitmq")`` names some. Other tests run on ``NEWSFLOW_FAULTS_BROKER``
(default ``redis-aof``), so ``NEWSFLOW_FAULTS_BROKER=rabbitmq make faults`` runs the whole directory on RabbitMQ.
A test that never stops the broker marks itself ``@pytest.mark.broker_stays_up``: on RabbitMQ it then gets a
private vhost on the shared server rather than a node of its own (seconds faster).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.harness import Pipeline, article, running_pipeline
from tests.faults.servers import BROKERS

__all__ = ["Pipeline", "article"]
DEFAULT_BROKER = os.environ.get("NEWSFLOW_FAULTS_BROKER", "redis-aof")


# ``make faults`` runs every broker-marked test on every broker (NEWSFLOW_FAULTS_MATRIX=full). ``make test`` keeps
# the suite within its time budget by running each such test on one broker, taken in turn in collection order,
# so every broker still meets a broker-marked sequence in every run.
FULL_MATRIX = os.environ.get("NEWSFLOW_FAULTS_MATRIX", "rotate") == "full"
_turn = itertools.count()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marker = metafunc.definition.get_closest_marker("brokers")
    if marker is not None and "pipeline" in metafunc.fixturenames:
        kinds = list(marker.args or BROKERS)
        if not FULL_MATRIX and len(kinds) > 1:
            kinds = [kinds[next(_turn) % len(kinds)]]
        metafunc.parametrize("pipeline", kinds, indirect=True, ids=kinds)


@pytest.fixture()
def pipeline(request: pytest.FixtureRequest, tmp_path: Path, gazetteer_path: Path) -> Iterator[Pipeline]:
    """Given the whole pipeline on a private broker + PostgreSQL, with short time limits and retries."""
    broker = getattr(request, "param", DEFAULT_BROKER)
    stays_up = request.node.get_closest_marker("broker_stays_up") is not None
    with running_pipeline(tmp_path, gazetteer_path, broker=broker, restartable=not stays_up) as running:
        yield running


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/faults/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.faults)
