"""The real `newsflow` command, run as a user runs it: a subprocess in a directory of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import GAZETTEER

NEWSFLOW = Path(sys.prefix) / "bin" / "newsflow"


@dataclass
class Run:
    """What one command line did."""

    code: int
    out: str
    err: str

    @property
    def error_lines(self) -> list[str]:
        """stderr without the structured log lines (JSON off a TTY) that libraries and our logger write."""
        return [line for line in self.err.splitlines() if line.strip() and not line.startswith("{")]


Newsflow = Callable[..., Run]


def run_newsflow(args: list[str], cwd: Path, env: dict[str, str], stdin: str | None = None,
                 timeout: float = 120) -> Run:
    done = subprocess.run([str(NEWSFLOW), *args], cwd=cwd, env=env, input=stdin, capture_output=True, text=True,
                          timeout=timeout)
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture()
def cli_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a newcomer's shell: no NEWSFLOW_* but a data dir of this test's own."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEWSFLOW_")}
    return env | {"NEWSFLOW_DATA_DIR": str(tmp_path / "data"), "NEWSFLOW_GAZETTEER_PATH": str(GAZETTEER),
                  "NEWSFLOW_LOG_FORMAT": "json"}


@pytest.fixture()
def elsewhere(tmp_path: Path) -> Path:
    """A working directory that is not the checkout."""
    path = tmp_path / "somewhere" / "else"
    path.mkdir(parents=True)
    return path


@pytest.fixture()
def newsflow(cli_env: dict[str, str], elsewhere: Path) -> Newsflow:
    """Run `newsflow ARGS...` from ``elsewhere`` with ``cli_env`` (plus ``env=`` overrides)."""

    def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None, cwd: Path | None = None,
            timeout: float = 120) -> Run:
        return run_newsflow(list(args), cwd or elsewhere, cli_env | (env or {}), stdin, timeout)

    return run


@pytest.fixture()
def migrated(newsflow: Newsflow) -> Newsflow:
    """``newsflow`` on a data dir whose database is migrated."""
    assert newsflow("db", "upgrade").code == 0
    return newsflow
