"""A pipeline on a private broker (Redis, Redis with AOF, RabbitMQ) and PostgreSQL, for tests that break things."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from kombu import Connection, Exchange, Queue

from shared.db import reset_engine, session_scope, upgrade
from shared.liveness import EXIT_WEDGED
from shared.settings import get_settings
from tests.e2e.stack import RecordingMirror, Stack, delivered_article, drain, wait_for
from tests.faults.servers import Broker, PrivatePostgres, start_broker

TAP_QUEUE = "faults.tap"
CITIES = ["Manila", "Nairobi", "Lima", "Oslo", "Hanoi", "Quito", "Accra", "Dhaka", "Tbilisi", "Santiago"]
SERVICES = ("api", "ingest", "enrich", "publish", "deliver")



def article(n: int, tag: str = "") -> dict:
    """A short ninjs article of our own, different for every n."""
    city = CITIES[n % len(CITIES)]
    return {"guid": f"urn:faults:{tag}{n}", "source": "faults", "headline": f"Port workers in {city} vote on deal {n}",
            "body_text": f"{city.upper()} — Dock workers in {city} voted on Monday on a new wage deal, "
                         f"union officials said. Ballot number {n}{tag} drew a record turnout.",
            "language": "en"}


class Supervisor(threading.Thread):
    """Starts a worker again when it exits, as `newsflow up`, compose or Kubernetes do, and records the exit.

    By default only a worker that ended itself (the stall watchdog's EXIT_WEDGED: it relies on being started
    again); a test's own kills are the test's to undo. ``every_exit`` restarts a worker whatever ended it.
    """

    def __init__(self, pipeline: Pipeline) -> None:
        super().__init__(daemon=True)
        self.pipeline, self.every_exit, self.stopped = pipeline, False, threading.Event()
        self.exits: list[tuple[str, int]] = []

    def run(self) -> None:
        while not self.stopped.wait(0.5):
            for service in SERVICES[1:]:
                process = self.pipeline.process(service)
                code = process.poll()
                if code is not None and (self.every_exit or code == EXIT_WEDGED):
                    self.exits.append((service, code))
                    print(f"supervisor: {service} exited with {code}; starting it again")
                    self.pipeline.restart(service, exited=process)


class Pipeline:
    """The real services on private servers, a recording mirror, and a queue tapping the exchange."""

    def __init__(self, broker: Broker, broker_kind: str, postgres: PrivatePostgres, env: dict[str, str],
                 mirror: RecordingMirror, log_dir: Path) -> None:
        self.broker, self.broker_kind, self.postgres, self.mirror = broker, broker_kind, postgres, mirror
        self.redis = broker  # the name older tests use: whichever broker this pipeline runs on
        self.stack = Stack(env, log_dir)
        self.env = self.stack.env
        self.collected: list[dict] = []
        self._restarting = threading.Lock()
        self.supervisor = Supervisor(self)

    def post(self, body: dict) -> httpx.Response:
        return httpx.post(f"{self.stack.base}/v1/articles", json=body, timeout=30)

    def post_many(self, count: int, tag: str = "") -> list[str]:
        ids = []
        for n in range(count):
            answer = self.post(article(n, tag))
            assert answer.status_code in (200, 202), answer.text
            ids.append(answer.json()["id"])
        return ids

    def process(self, service: str) -> subprocess.Popen[bytes]:
        return self.stack.processes[SERVICES.index(service)]

    def restart(self, service: str, exited: subprocess.Popen[bytes] | None = None) -> None:
        """Start a service again after a test stopped or killed it (one that the supervisor started again
        meanwhile is stopped first: one process per service). With ``exited``, only if that process is still
        the service's (the supervisor's restart, which a test's own may have beaten)."""
        with self._restarting:
            index = SERVICES.index(service)
            current = self.stack.processes[index]
            if exited is not None and current is not exited:
                return
            if current.poll() is None:
                current.terminate()
                current.wait(30)
            command = ["api"] if service == "api" else ["worker", service]
            log = open(self.stack.log_dir / f"{service}.restart.log", "ab")  # noqa: SIM115
            self.stack.processes[index] = subprocess.Popen([sys.executable, "-m", "services.cli", *command],
                                                           env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def children(self, service: str) -> list[int]:
        """The pool processes of a prefork worker."""
        pid = self.process(service).pid
        path = Path(f"/proc/{pid}/task/{pid}/children")
        return [int(child) for child in path.read_text().split()] if path.exists() else []

    def statuses(self, ids: list[str]) -> Counter:
        """How many of these articles are in each status (read from the database: one query, any count)."""
        from sqlalchemy import func, select

        from shared.models import Article

        counts: Counter = Counter()
        with session_scope() as session:
            for start in range(0, len(ids), 1000):
                rows = session.execute(select(Article.status, func.count()).where(
                    Article.id.in_(ids[start:start + 1000])).group_by(Article.status))
                counts.update(dict(rows.all()))
        return counts

    def wait_published(self, ids: list[str], timeout: float = 90.0) -> Counter:
        result = wait_for(lambda: (c := self.statuses(ids))["published"] == len(ids) and c, timeout, 0.5)
        return result or self.statuses(ids)

    def recovered(self, what: str, since: float, ids: list[str], timeout: float = 180.0) -> float:
        """Wait until every one of ``ids`` is published; print (and record) the seconds since ``since``.

        ``since`` is a ``time.monotonic()`` taken at the fault. The figure goes to stdout and, when
        NEWSFLOW_FAULTS_REPORT names a file, as a JSON line to it (docs/reliability.md quotes them).
        """
        statuses = self.wait_published(ids, timeout)
        seconds = round(time.monotonic() - since, 2)
        line = {"broker": self.broker_kind, "what": what, "articles": len(ids), "seconds": seconds,
                "published": statuses.get("published", 0)}
        print(f"recovery [{self.broker_kind}] {what}: {seconds} s for {len(ids)} articles")
        report = os.environ.get("NEWSFLOW_FAULTS_REPORT")
        if report:
            with open(report, "a") as out:
                out.write(json.dumps(line) + "\n")
        return seconds

    def announcements(self) -> list[dict]:
        """Every announcement the tap queue received so far."""
        self.collected.extend(body for _, body in drain(self.broker.url, TAP_QUEUE))
        return self.collected

    def reconcile(self, ids: list[str], settle: float = 30.0, limit: float = 180.0) -> dict:
        """Every accepted article published once: counted at the exchange and at the mirror.

        Waits until every article is announced and pushed, or until nothing new arrived for ``settle`` seconds
        (at most ``limit`` in all; the harness re-drives stalled work after 15 s): a busy machine still working
        through retried deliveries is waited for, a pipeline that stopped making progress is not."""
        accepted = set(ids)
        started = last_change = time.monotonic()
        seen = -1
        while True:
            pushed = {delivered_article(r["body"]) for r in self.mirror.received} & accepted
            announced = {m["article"]["id"] for m in self.announcements()} & accepted
            now = time.monotonic()
            if len(pushed) == len(announced) == len(accepted):
                break
            if len(pushed) + len(announced) != seen:
                seen, last_change = len(pushed) + len(announced), now
            if now - last_change > settle or now - started > limit:
                break
            time.sleep(0.3)
        announced = [(m["article"]["id"], m["article"]["version_id"], m["event"]) for m in self.announcements()]
        pushes = [(delivered_article(r["body"]), r["headers"]["webhook-id"])
                  for r in self.mirror.received]
        distinct_announced = Counter(article_id for article_id, _, _ in set(announced))
        distinct_pushed = Counter(article_id for article_id, _ in set(pushes))
        return {
            "accepted": len(accepted),
            "lost_at_exchange": len(accepted - set(distinct_announced)),
            "lost_at_mirror": len(accepted - set(distinct_pushed)),
            "duplicated_at_exchange": sum(n - 1 for n in distinct_announced.values()),
            "duplicated_at_mirror": sum(n - 1 for n in distinct_pushed.values()),
            # The same message again (same version and event, same webhook-id): at-least-once transport,
            # which receivers dedupe on those keys; reported, not a duplicate publication.
            "redelivered_at_exchange": len(announced) - len(set(announced)),
            "redelivered_at_mirror": len(pushes) - len(set(pushes)),
        } | self.diagnosis(lost=bool(accepted - set(distinct_announced) or accepted - set(distinct_pushed)))

    def diagnosis(self, lost: bool) -> dict:
        """What a failed reconciliation needs to be understood: which services are not running (with their exit
        codes) and, when something was lost, the tail of every service's log."""
        exited = {service: code for service in SERVICES if (code := self.process(service).poll()) is not None}
        found: dict = {"exited": exited} if exited else {}
        if self.supervisor.exits:
            found["restarted_by_supervisor"] = list(self.supervisor.exits)
        if lost:
            print(self.stack.logs())  # shown with the failure (pytest prints a failed test's stdout)
            found["trouble"] = self.trouble()[-15:]
        return found

    def trouble(self) -> list[str]:
        """Every warning, error and critical line the services logged (restarts included), oldest first."""
        lines = []
        for path in sorted(self.stack.log_dir.glob("*.log")):
            for line in path.read_text(errors="replace").splitlines():
                if any(f'"level": "{level}"' in line for level in ("warning", "error", "critical")) \
                        or "Traceback" in line:
                    lines.append(f"{path.stem}: {line[:300]}")
        return lines


@contextmanager
def running_pipeline(work_dir: Path, gazetteer_path: Path, overrides: dict[str, str] | None = None,
                     appendonly: bool = True, broker: str | None = None, restartable: bool = True
                     ) -> Iterator[Pipeline]:
    """The whole pipeline on a private broker + PostgreSQL, with short limits and retries.

    ``broker`` is one of servers.BROKERS; by default Redis, with its append-only file unless ``appendonly``
    is False. ``restartable=False`` lets RabbitMQ be a private vhost on the shared server, not a node of its own.
    """
    broker = broker or ("redis-aof" if appendonly else "redis")
    broker_server = start_broker(broker, restartable)
    postgres, mirror = PrivatePostgres().init(), RecordingMirror()
    env = {
        "NEWSFLOW_DATABASE_URL": postgres.url, "NEWSFLOW_BROKER_URL": broker_server.url,
        "NEWSFLOW_VAR_DIR": str(work_dir / "var"), "NEWSFLOW_GAZETTEER_PATH": str(gazetteer_path),
        "NEWSFLOW_LOG_FORMAT": "json", "NEWSFLOW_OUTBOUND_ALLOWLIST": "127.0.0.1",
        "NEWSFLOW_EXCHANGE_SUBSCRIPTIONS": f"{TAP_QUEUE}=article.#",
        # Short limits so a killed worker's message comes back within seconds, not ten minutes; long enough
        # for a fresh pool process's first enrichment (it loads the language model: over 25 s seen
        # with five test suites on two cores).
        "NEWSFLOW_TASK_SOFT_TIME_LIMIT": "45", "NEWSFLOW_TASK_TIME_LIMIT": "50", "NEWSFLOW_VISIBILITY_TIMEOUT": "60",
        "NEWSFLOW_OUTBOX_RELAY_INTERVAL": "0.5", "NEWSFLOW_RATE_LIMIT_PER_SECOND": "0",
        "NEWSFLOW_DELIVERY_SCHEDULE": "0,0.5,1,1,2,2,4,4",
        # Self-healing within seconds: a dead worker is noticed after 3 missed 1 s beats, stalled work is
        # re-driven after 15 s (longer than a slow machine takes to post a test's backlog to a frozen worker, so
        # a backlog still being posted is not re-driven), a wedged consumer exits after 10 s.
        "NEWSFLOW_RECONCILE_INTERVAL": "1", "NEWSFLOW_RECONCILE_AFTER": "15",
        "NEWSFLOW_WORKER_HEARTBEAT_INTERVAL": "1", "NEWSFLOW_WORKER_STALL_TIMEOUT": "10",
    } | (overrides or {})
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    get_settings.cache_clear()
    reset_engine()
    running = Pipeline(broker_server, broker, postgres, env, mirror, work_dir / "logs")
    try:
        upgrade()
        from services.publish import mirrors

        with session_scope() as session:
            mirrors.add(session, "fault-mirror", mirror.url)
        # The tap queue exists before anything is announced.
        with Connection(broker_server.url) as conn:
            Queue(TAP_QUEUE, Exchange("newsflow.articles", type="topic"), routing_key="article.#")(conn).declare()
        running.stack.start()
        running.supervisor.start()
        yield running
    finally:
        running.supervisor.stopped.set()
        if running.supervisor.is_alive():
            running.supervisor.join(30)
        running.stack.stop()
        mirror.close()
        reset_engine()
        postgres.close()
        broker_server.close()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()
