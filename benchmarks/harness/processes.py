"""The services under test as separate processes: the API and the three workers, started with one environment."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from benchmarks.harness.meter import cpu_seconds

SERVICES = {"api": ["api"], "ingest": ["worker", "ingest"], "enrich": ["worker", "enrich"],
            "publish": ["worker", "publish"]}


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Processes:
    """Named child processes with logs in ``log_dir``; SIGTERM (warm shutdown) then kill on stop."""

    def __init__(self, env: dict[str, str], log_dir: Path) -> None:
        self.env = os.environ | env
        self.log_dir = log_dir
        self.children: dict[str, subprocess.Popen[bytes]] = {}

    def spawn(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        """Start ``argv`` as ``name``, its output in ``<log_dir>/<name>.log``."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_dir / f"{name}.log", "wb") as log:
            child = subprocess.Popen(argv, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.children[name] = child
        return child

    def check_alive(self) -> None:
        """Raise, with the log's tail, if a child has exited."""
        for name, child in self.children.items():
            if child.poll() is not None:
                tail = (self.log_dir / f"{name}.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{name} exited with {child.returncode}:\n{tail}")

    def stop(self, grace: float = 20.0) -> None:
        """Stop every child (its whole process group), waiting ``grace`` seconds before killing."""
        for child in self.children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for child in self.children.values():
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait(5)
        self.children.clear()


class Stack(Processes):
    """The API and the ingest, enrich and publish workers, as ``newsflow up`` runs them."""

    def __init__(self, env: dict[str, str], log_dir: Path, pools: dict[str, tuple[str, int]] | None = None,
                 services: tuple[str, ...] = tuple(SERVICES)) -> None:
        self.pools = pools or {}
        self.services = services
        self.port = free_port()
        super().__init__(env | {"NEWSFLOW_API_HOST": "127.0.0.1", "NEWSFLOW_API_PORT": str(self.port)}, log_dir)
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90.0) -> Stack:
        """Start the services and wait until the API is ready (database and broker answer)."""
        for name in self.services:
            command = SERVICES[name]
            pool = self.pools.get(name)
            extra = ["--pool", pool[0], "--concurrency", str(pool[1])] if pool else []
            self.spawn(name, [sys.executable, "-m", "services.cli", *command, *extra])
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            try:
                if httpx.get(f"{self.base}/readyz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the API at {self.base} was not ready within {timeout:.0f} s")

    def settle(self, name: str, timeout: float = 60.0) -> None:
        """Wait until ``name``'s process tree stops using CPU: every process of ``newsflow api --workers N`` has
        started (the first to answer /readyz makes the stack ready while the others may still be importing)."""
        pid = self.children[name].pid
        deadline, quiet, last = time.monotonic() + timeout, 0, cpu_seconds(pid)
        while quiet < 2 and time.monotonic() < deadline:
            time.sleep(0.5)
            now = cpu_seconds(pid)
            quiet, last = (quiet + 1 if now - last < 0.05 else 0), now
