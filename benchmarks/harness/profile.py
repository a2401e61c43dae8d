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


# Where a sample's time goes: the leaf-most frame that belongs to a known layer names it. A stack whose leaf is a
# wait (a socket, a lock, a sleep) is waiting, not computing: py-spy samples wall time, so waits are set apart
# and the other layers share the process's measured CPU.
LAYERS = (  # (layer, path fragments of its frames)
    ("nlp", ("spacy/", "thinc/", "numpy/")),
    ("database", ("sqlalchemy/", "psycopg/", "psycopg_binary/", "psycopg_c/")),
    ("broker", ("kombu/", "redis/", "celery/", "billiard/", "amqp/", "vine/")),
    ("http", ("uvicorn/", "starlette/", "fastapi/", "anyio/", "httptools", "h11/", "httpx/", "httpcore/")),
    ("serialisation", ("json/", "orjson", "pydantic/", "pydantic_core/")),
    ("logging", ("structlog/", "logging/")),
    ("newsflow", ("services/", "shared/")),
)
WAITS = ("wait (", "select (", "poll (", "sleep (", "acquire (", "recv (", "recv_into (", "accept (",
         "_read_from_socket (", "get (queue.py", "Event.wait", "Condition.wait",
         "_worker (concurrent/futures/thread.py")


def layer_of(frames: list[str]) -> str:
    """The layer a collapsed py-spy stack (root first) spends its time in."""
    if frames and any(marker in frames[-1] for marker in WAITS):
        return "waiting"
    for frame in reversed(frames):
        where = frame.partition(" (")[2]
        for layer, fragments in LAYERS:
            if any(fragment in where for fragment in fragments):
                return layer
    return "other"


def summarise(path: Path, top: int = 15) -> dict[str, Any]:
    """Samples, and the functions with the largest inclusive and self share, from py-spy's collapsed stacks."""
    if not path.exists():
        return {"samples": 0}
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    layers: Counter[str] = Counter()
    total = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        raw = [f for f in stack.split(";") if not f.startswith(("process ", "thread "))]
        layers[layer_of(raw)] += count
        frames = [_frame_name(f) for f in raw]
        total += count
        for name in set(frames):
            inclusive[name] += count
        if frames:
            own[frames[-1]] += count

    def shares(counter: Counter[str]) -> list[tuple[str, float]]:
        return [(name, round(100 * n / total, 1)) for name, n in counter.most_common(top)]

    return {"samples": total, "inclusive_pct": shares(inclusive), "self_pct": shares(own),
            "layers_pct": dict(shares(layers)), "file": str(path)}


def cpu_by_layer(cpu_ms: float, layers_pct: dict[str, float]) -> dict[str, float]:
    """A service's CPU ms per article shared among the layers its non-waiting samples fell in."""
    busy = {layer: pct for layer, pct in layers_pct.items() if layer != "waiting"}
    total = sum(busy.values())
    return {layer: round(cpu_ms * pct / total, 1) for layer, pct in busy.items()} if total else {}
