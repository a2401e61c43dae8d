"""Optional py-spy sampling of every service during the backlog, summarised as the top functions per service."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

RATE = 97  # samples per second; a prime, so sampling does not beat with periodic work


def py_spy() -> str | None:
    """The py-spy executable beside this interpreter or on PATH."""
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else shutil.which("py-spy")


class Profiler:
    """``py-spy record --subprocesses`` on each service, stopped with SIGINT so it writes its output."""

    def __init__(self, pids: dict[str, int], folder: Path) -> None:
        self.pids = pids
        self.folder = folder
        self.recorders: dict[str, subprocess.Popen[bytes]] = {}

    def start(self) -> Profiler:
        executable = py_spy()
        if executable is None:
            raise RuntimeError("--profile needs py-spy (pip install py-spy)")
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, pid in self.pids.items():
            self.recorders[name] = subprocess.Popen(
                [executable, "record", "--pid", str(pid), "--subprocesses", "--nonblocking", "--rate", str(RATE),
                 "--format", "raw", "--output", str(self.folder / f"{name}.txt")],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return self

    def stop(self) -> dict[str, Any]:
        """Stop recording and summarise each service's samples."""
        for recorder in self.recorders.values():
            recorder.send_signal(signal.SIGINT)
        for recorder in self.recorders.values():
            try:
                recorder.wait(30)
            except subprocess.TimeoutExpired:
                recorder.kill()
        return {name: summarise(self.folder / f"{name}.txt") for name in self.recorders}


def _frame_name(frame: str) -> str:
    """'fn (path/to/module.py:12)' -> 'fn (module.py)': one entry per function, not per line."""
    name, _, where = frame.partition(" (")
    module = where.rsplit("/", 1)[-1].split(":", 1)[0]
    return f"{name} ({module})" if module else name


def summarise(path: Path, top: int = 15) -> dict[str, Any]:
    """Samples, and the functions with the largest inclusive and self share, from py-spy's collapsed stacks."""
    if not path.exists():
        return {"samples": 0}
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [_frame_name(f) for f in stack.split(";") if not f.startswith(("process ", "thread "))]
        total += count
        for name in set(frames):
            inclusive[name] += count
        if frames:
            own[frames[-1]] += count

    def shares(counter: Counter[str]) -> list[tuple[str, float]]:
        return [(name, round(100 * n / total, 1)) for name, n in counter.most_common(top)]

    return {"samples": total, "inclusive_pct": shares(inclusive), "self_pct": shares(own), "file": str(path)}
