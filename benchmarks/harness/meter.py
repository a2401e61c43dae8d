"""CPU time and memory of each service's process tree (psutil), sampled in a background thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import psutil


def tree(pid: int) -> list[psutil.Process]:
    """The process and all its descendants (a prefork worker's children included)."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of the tree, children that already exited not included."""
    total = 0.0
    for proc in tree(pid):
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            continue
    return total


def rss_bytes(pid: int) -> int:
    """Resident memory of the tree (pages shared after fork are counted once per process)."""
    total = 0
    for proc in tree(pid):
        try:
            total += proc.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def largest_rss_bytes(pid: int) -> int:
    """Resident memory of the tree's largest process (the issue's limit is per process)."""
    largest = 0
    for proc in tree(pid):
        try:
            largest = max(largest, proc.memory_info().rss)
        except psutil.NoSuchProcess:
            continue
    return largest


@dataclass
class Meter:
    """Peak and last RSS per service, sampled every ``interval`` seconds while running."""

    pids: dict[str, int]
    interval: float = 0.25
    peak: dict[str, int] = field(default_factory=dict)
    peak_process: dict[str, int] = field(default_factory=dict)  # the largest single process of each tree
    last: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-meter", daemon=True)

    def _run(self) -> None:
        while not self._stopped.is_set():
            self.sample()
            self._stopped.wait(self.interval)

    def sample(self) -> dict[str, int]:
        """RSS of every service now; updates the peaks."""
        now = {name: rss_bytes(pid) for name, pid in self.pids.items()}
        for name, value in now.items():
            self.peak[name] = max(self.peak.get(name, 0), value)
        for name, pid in self.pids.items():
            self.peak_process[name] = max(self.peak_process.get(name, 0), largest_rss_bytes(pid))
        self.last = now
        return now

    def cpu(self) -> dict[str, float]:
        """CPU seconds used so far by every service."""
        return {name: cpu_seconds(pid) for name, pid in self.pids.items()}

    def start(self) -> Meter:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(5)
