"""Running the real services as separate processes for end-to-end tests, and a mirror that records."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingMirror:
    """A mirror site on 127.0.0.1 that stores every request it receives.

    It answers with the statuses of ``script`` in turn, then with ``then`` (a test may change it to
    "fix" the mirror); each record notes the status given and when the request arrived. A script
    entry may also be ``(status, headers, delay_seconds)``: a slow or rate-limiting mirror.
    """

    def __init__(self, script: Sequence[int | tuple[int, dict[str, str], float]] = (), then: int = 200) -> None:
        self.received: list[dict] = []
        self.script = list(script)
        self.then = then
        received, mirror, lock = self.received, self, threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with lock:
                    answer = mirror.script.pop(0) if mirror.script else mirror.then
                    status, headers, delay = answer if isinstance(answer, tuple) else (answer, {}, 0.0)
                    received.append({"headers": dict(self.headers.items()), "body": body, "status": status,
                                     "at": time.monotonic(), "path": self.path})
                time.sleep(delay)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/push"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Stack:
    """The API and the four worker services, started with the given environment."""

    def __init__(self, env: dict[str, str], log_dir: Path) -> None:
        self.port = free_port()
        self.env = os.environ | env | {"NEWSFLOW_API_PORT": str(self.port), "NEWSFLOW_API_HOST": "127.0.0.1"}
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_dir = log_dir
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self) -> Stack:
        log_dir = self.log_dir
        log_dir.mkdir(parents=True, exist_ok=True)
        for name, command in (("api", ["api"]), ("ingest", ["worker", "ingest"]),
                              ("enrich", ["worker", "enrich"]), ("publish", ["worker", "publish"]),
                              ("deliver", ["worker", "deliver"])):
            log = open(log_dir / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
            self.processes.append(subprocess.Popen([sys.executable, "-m", "services.cli", *command],
                                                   env=self.env, stdout=log, stderr=subprocess.STDOUT))
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for proc in self.processes:
                if proc.poll() is not None:
                    raise RuntimeError(f"a service exited with {proc.returncode}:\n{self.logs()}")
            try:
                if httpx.get(f"{self.base}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"API not ready within {timeout}s:\n{self.logs()}")

    def logs(self) -> str:
        """Every service's log, for failure messages."""
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-4000:]}"
                         for p in sorted(self.log_dir.glob("*.log")))

    def wait_status(self, article_id: str, status: str, timeout: float = 60.0) -> dict:
        """Poll the article until it reaches ``status``; fail with the logs otherwise."""
        deadline, data = time.monotonic() + timeout, {}
        while time.monotonic() < deadline:
            data = httpx.get(f"{self.base}/v1/articles/{article_id}", timeout=10).json()
            if data.get("status") == status:
                return data
            if data.get("status") == "failed":
                break
            time.sleep(0.1)
        raise AssertionError(f"article {article_id} is {data.get('status')}, not {status}: {data}\n{self.logs()}")

    def stop(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.processes:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()


def interruptible() -> None:
    """``preexec_fn`` for a child a test stops with Ctrl-C (SIGINT): a shell that starts the test run in the
    background makes it ignore SIGINT, the child would inherit that and Python would not turn Ctrl-C into
    KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.1):  # type: ignore[no-untyped-def]
    """Poll ``predicate`` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def decode(body: bytes) -> dict:
    """A JSON body."""
    return json.loads(body)


def delivered_article(body: bytes) -> str:
    """The article id a mirror's ninjs body names among its altids."""
    return next(alt["value"] for alt in decode(body)["altids"] if alt["role"] == "newsflow-article")


def drain(broker_url: str, queue_name: str, pattern: str = "article.#") -> list[tuple[str, dict]]:
    """Every message waiting on a queue bound to the announcements exchange: (routing key, body) pairs."""
    from kombu import Connection, Exchange, Queue

    queue = Queue(queue_name, Exchange("newsflow.articles", type="topic"), routing_key=pattern)
    found = []
    with Connection(broker_url) as conn:
        simple = conn.SimpleQueue(queue)
        while True:
            try:
                message = simple.get(timeout=0.5)
            except simple.Empty:
                break
            found.append((message.delivery_info["routing_key"], message.payload))
            message.ack()
        simple.close()
    return found
