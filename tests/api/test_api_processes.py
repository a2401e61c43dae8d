"""``newsflow api --workers N``: several processes share the port, and none outlives its supervisor."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil
import pytest

from tests.e2e.stack import free_port


def _wait(condition: Callable[[], bool], timeout: float) -> bool:
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


class Supervised:
    """`newsflow api --workers 2` on a free port; ``children`` are its two serving processes once seen."""

    def __init__(self, parent: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.parent, self.port, self.log = parent, port, log
        self.children: list[psutil.Process] = []

    def started(self) -> bool:
        """Whether both serving processes exist (they may still be importing the application)."""
        self.children[:] = [child for child in psutil.Process(self.parent.pid).children()
                            if "--multiprocessing-fork" in child.cmdline()
                            and "tracker_fd" in " ".join(child.cmdline())]
        return len(self.children) == 2

    def kill_supervisor_and_wait(self) -> list[psutil.Process]:
        """SIGKILL the supervisor; the children still alive 30 s later."""
        self.parent.send_signal(signal.SIGKILL)
        self.parent.wait(10)
        _, alive = psutil.wait_procs(self.children, timeout=30)
        return alive


@contextmanager
def _api_with_two_processes(env: dict[str, str], tmp_path: Path) -> Iterator[Supervised]:
    port = free_port()
    with open(tmp_path / "api.log", "wb") as log:
        parent = subprocess.Popen([sys.executable, "-m", "services.cli", "api", "--workers", "2", "--port", str(port)],
                                  env=os.environ | env, stdout=log, stderr=subprocess.STDOUT)
        supervised = Supervised(parent, port, tmp_path / "api.log")
        try:
            yield supervised
        finally:
            for child in supervised.children:
                try:
                    child.kill()
                except psutil.Error:
                    pass
            parent.kill()
            parent.wait(10)


def test_two_api_processes_serve_and_stop_when_their_supervisor_is_killed(pg_redis: dict[str, str],
                                                                          tmp_path: Path) -> None:
    """Fresh-eyes finding: killing the parent of `newsflow api --workers 2` (SIGKILL, as the OOM killer does) left
    its two children serving the port, unsupervised. Given the API with two processes answering, when the parent
    is SIGKILLed, then both children stop and the port goes quiet."""
    with _api_with_two_processes(pg_redis, tmp_path) as api:
        assert _wait(lambda: _answers(api.port), 60), api.log.read_text()[-3000:]
        assert api.started()
        alive = api.kill_supervisor_and_wait()
        assert not alive, f"still serving after their supervisor died: {[child.pid for child in alive]}"
        assert not _answers(api.port)


@pytest.mark.parametrize("after", [0.0, 1.0])
def test_api_processes_still_starting_stop_when_their_supervisor_is_killed(pg_redis: dict[str, str],
                                                                            tmp_path: Path, after: float) -> None:
    """Fresh-eyes finding (second trial): a supervisor SIGKILLed while its children were still importing the
    application (the first seconds) left both serving the port for good. Given `newsflow api --workers 2` whose
    children have just appeared, when the supervisor is killed ``after`` seconds later, then the children stop
    and never serve."""
    with _api_with_two_processes(pg_redis, tmp_path) as api:
        assert _wait(api.started, 60), api.log.read_text()[-3000:]
        time.sleep(after)
        alive = api.kill_supervisor_and_wait()
        assert not alive, f"orphans left: {[child.pid for child in alive]}"
        assert not _answers(api.port)
