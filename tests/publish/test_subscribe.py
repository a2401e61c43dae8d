"""``newsflow subscribe`` against real Redis: binds its pattern, prints matches as JSON lines, stops cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from kombu import Connection

from shared.outbox import ARTICLES
from tests.e2e.stack import interruptible


def _start(broker: str, *args: str) -> subprocess.Popen[str]:
    """The command as its own process; returns once it says it is listening."""
    env = os.environ | {"NEWSFLOW_BROKER_URL": broker, "NEWSFLOW_LOG_FORMAT": "json"}
    proc = subprocess.Popen([sys.executable, "-m", "services.cli", "subscribe", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=interruptible)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    assert "listening on" in line, line + proc.stderr.read()
    return proc


def _announce(broker: str, *keys: str) -> None:
    with Connection(broker) as conn, conn.Producer() as producer:
        for key in keys:
            producer.publish({"event": key.split(".")[1], "key": key}, exchange=ARTICLES, routing_key=key,
                             serializer="json", declare=[ARTICLES])


def test_subscribe_prints_only_matching_announcements_and_stops_after_max(redis_broker: str) -> None:
    # Given a subscriber for stories about Ukraine that stops after two messages
    proc = _start(redis_broker, "article.*.*.ua", "--max", "2", "--timeout", "30")
    # When announcements about the Philippines and Ukraine are sent
    _announce(redis_broker, "article.published.en.ph", "article.published.en.ua", "article.updated.uk.ua",
              "article.withdrawn.en.ua")
    out, err = proc.communicate(timeout=30)
    # Then it printed the first two Ukrainian ones as JSON lines and exited cleanly
    assert proc.returncode == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["routing_key"] for line in lines] == ["article.published.en.ua", "article.updated.uk.ua"]
    assert lines[0]["message"] == {"event": "published", "key": "article.published.en.ua"}


def test_subscribe_stops_at_its_timeout_when_nothing_matches(redis_broker: str) -> None:
    started = time.monotonic()
    proc = _start(redis_broker, "article.#", "--timeout", "1")
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0 and out == ""
    assert time.monotonic() - started < 15


def test_ctrl_c_stops_subscribe_without_an_error(redis_broker: str) -> None:
    proc = _start(redis_broker, "article.#")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "0 messages" in err


def test_a_malformed_pattern_is_refused_naming_it(redis_broker: str) -> None:
    env = os.environ | {"NEWSFLOW_BROKER_URL": redis_broker}
    result = subprocess.run([sys.executable, "-m", "services.cli", "subscribe", "article..ua"], env=env,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "PATTERN" in result.stderr
