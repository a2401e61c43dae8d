"""``newsflow api --workers N``: several processes share the port, and none outlives its supervisor."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil

from tests.e2e.stack import free_port


def _wait(condition, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_two_api_processes_serve_and_stop_when_their_supervisor_is_killed(pg_redis: dict[str, str],
                                                                          tmp_path: Path) -> None:
    """Fresh-eyes finding: killing the parent of `newsflow api --workers 2` (SIGKILL, as the OOM killer does) left
    its two children serving the port, unsupervised. Given the API with two processes answering, when the parent
    is SIGKILLed, then both children stop and the port goes quiet."""
    port = free_port()
    log = open(tmp_path / "api.log", "wb")  # noqa: SIM115
    parent = subprocess.Popen([sys.executable, "-m", "services.cli", "api", "--workers", "2", "--port", str(port)],
                              env=os.environ | pg_redis, stdout=log, stderr=subprocess.STDOUT)
    serving: list[psutil.Process] = []
    try:
        assert _wait(lambda: _answers(port), 60), (tmp_path / "api.log").read_text()[-3000:]
        children = psutil.Process(parent.pid).children(recursive=True)
        serving += [child for child in children if "spawn_main" in " ".join(child.cmdline())]
        assert len(serving) == 2, [child.cmdline() for child in children]

        parent.send_signal(signal.SIGKILL)
        parent.wait(10)

        gone, alive = psutil.wait_procs(serving, timeout=30)
        assert not alive, f"still serving after their supervisor died: {[child.pid for child in alive]}"
        assert not _answers(port)
    finally:
        for child in [*serving, *psutil.Process(parent.pid).children(recursive=True)] if parent.poll() is None \
                else serving:
            try:
                child.kill()
            except psutil.Error:
                pass
        parent.kill()
        log.close()
