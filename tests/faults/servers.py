"""Private Redis, RabbitMQ and PostgreSQL servers that fault tests may stop, kill and restart.

The machine's shared services are never touched: each server here has its own port and data
directory (RabbitMQ also its own node name and Erlang cookie), and is stopped when the test ends.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from tests.e2e.stack import free_port


class PrivateRedis:
    """A redis-server; with ``appendonly`` (fsync always) a restart keeps its backlog, without it loses it."""

    def __init__(self, appendonly: bool = True, port: int | None = None) -> None:
        self.appendonly = appendonly
        self.port = port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="newsflow-redis-"))
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> PrivateRedis:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir),
             "--appendonly", "yes" if self.appendonly else "no", "--appendfsync", "always", "--save", "",
             "--maxmemory-policy", "noeviction"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if redis.Redis.from_url(self.url).ping():
                    return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("private redis did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def _rabbit_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/rabbitmq/bin/{name}"))
    found += sorted(glob.glob(f"/usr/lib/rabbitmq/lib/*/sbin/{name}"))
    return found[0] if found else name


class PrivateRabbit:
    """A rabbitmq-server node of our own: own name, ports, Erlang cookie and data dir, so it can restart."""

    def __init__(self) -> None:
        self.port, self.dist_port = free_port(), free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="newsflow-rabbit-"))
        self.node = f"newsflow{self.port}@localhost"
        self.url = f"amqp://guest:guest@127.0.0.1:{self.port}//"
        self.process: subprocess.Popen[bytes] | None = None
        (self.dir / "enabled_plugins").write_text("[].\n")  # no management plugin: faster start
        (self.dir / "rabbitmq.conf").write_text("loopback_users = none\nlog.console = false\n")
        self.env = os.environ | {
            "HOME": str(self.dir),  # the node's own Erlang cookie ($HOME/.erlang.cookie)
            "RABBITMQ_NODENAME": self.node, "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port), "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(self.dir / "mnesia"), "RABBITMQ_LOG_BASE": str(self.dir / "log"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.dir / "enabled_plugins"),
            "RABBITMQ_CONFIG_FILE": str(self.dir / "rabbitmq.conf"),
            "RABBITMQ_PID_FILE": str(self.dir / "rabbit.pid"), "ERL_CRASH_DUMP": str(self.dir / "erl_crash.dump"),
        }

    def start(self, timeout: float = 120.0) -> PrivateRabbit:
        from kombu import Connection

        log = open(self.dir / "server.out", "ab")  # noqa: SIM115 - closed with the process
        # The script itself, not /usr/sbin's wrapper (which switches to the rabbitmq user and its home).
        self.process = subprocess.Popen([_rabbit_bin("rabbitmq-server")], env=self.env, stdout=log,
                                        stderr=subprocess.STDOUT, cwd=self.dir, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"private rabbitmq exited: {(self.dir / 'server.out').read_text()[-2000:]}")
            try:
                with Connection(self.url, connect_timeout=2) as conn:
                    conn.ensure_connection(max_retries=1)
                    return self
            except Exception:
                time.sleep(0.3)
        raise RuntimeError("private rabbitmq did not start")

    def stop(self) -> None:
        """A clean shutdown of the node (what an orchestrator's SIGTERM does)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else name


class PrivatePostgres:
    """A throw-away PostgreSQL cluster (initdb into a temporary directory, run as the postgres user)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="newsflow-pg-"))
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def init(self) -> PrivatePostgres:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(_pg_bin("initdb"), "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres", "--no-sync")
        return self.start()

    def start(self) -> PrivatePostgres:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(_pg_bin("pg_ctl"), "-D", str(self.dir / "data"), "-o", options, "-w", "-l",
                  str(self.dir / "log"), "start")
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run(_pg_bin("pg_ctl"), "-D", str(self.dir / "data"), "-m", mode, "-w", "stop")

    def close(self) -> None:
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


class RabbitVhost:
    """A private vhost on the machine's shared RabbitMQ: for tests that never stop the broker (fast to make)."""

    def __init__(self) -> None:
        self.vhost = f"newsflow-faults-{uuid.uuid4().hex[:10]}"
        self.url = f"amqp://guest:guest@127.0.0.1:5672/{self.vhost}"

    def _ctl(self, *args: str) -> None:
        subprocess.run(["rabbitmqctl", "-q", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=120)

    def start(self) -> RabbitVhost:
        self._ctl("add_vhost", self.vhost)
        self._ctl("set_permissions", "-p", self.vhost, "guest", ".*", ".*", ".*")
        return self

    def stop(self) -> None:
        raise NotImplementedError("the shared RabbitMQ is never stopped: use PrivateRabbit to restart a broker")

    restart = stop

    def close(self) -> None:
        try:
            self._ctl("delete_vhost", self.vhost)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pass


Broker = PrivateRedis | PrivateRabbit | RabbitVhost
# The brokers fault tests run on: Redis with its append-only file, Redis keeping nothing on disk (as caches
# are run), RabbitMQ with quorum queues.
BROKERS = ("redis-aof", "redis", "rabbitmq")


def start_broker(kind: str, restartable: bool = True) -> Broker:
    """A private broker of this kind; RabbitMQ as its own node when it may be restarted, else a vhost."""
    if kind == "redis-aof":
        return PrivateRedis(appendonly=True).start()
    if kind == "redis":
        return PrivateRedis(appendonly=False).start()
    if kind == "rabbitmq":
        return PrivateRabbit().start() if restartable else RabbitVhost().start()
    raise ValueError(f"unknown broker {kind!r}: one of {', '.join(BROKERS)}")


@contextmanager
def stopped(pids: list[int]) -> Iterator[None]:
    """These processes frozen (SIGSTOP: alive, their sockets open, answering nothing); thawed on leaving."""
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)
