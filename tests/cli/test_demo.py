"""`newsflow demo` (what `make run` runs): its steps, the samples' tables, the URLs to open; service logs in a file."""

from __future__ import annotations

import socket
from pathlib import Path

from tests.cli.conftest import Newsflow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_demo_shows_tables_and_urls_and_keeps_celery_banners_and_task_lines_in_its_log(
    newsflow: Newsflow, cli_env: dict[str, str]
) -> None:
    """Given a fresh data dir, When `newsflow demo --exit` runs, Then the terminal shows each step, every sample's
    places, the console, docs and feed URLs, and no Celery banner or per-task line; those are in the log file."""
    base = f"http://127.0.0.1:{_free_port()}"
    run = newsflow("demo", "--exit", env={"NEWSFLOW_API_PORT": base.rsplit(":", 1)[1]}, timeout=300)
    assert run.code == 0, run.err
    steps = [line for line in run.err.splitlines() if line.startswith("· ")]
    assert [step.split()[1] for step in steps] == ["migrating", "starting", "posting", "waiting"]
    for expected in ("posted markets.ndjson", "Relief boats reach cut-off villages", "places", "entities",
                     f"{base}/feeds/all.atom", f"{base}/console", f"{base}/docs", "5 of 5 samples published"):
        assert expected in run.out
    for noise in ("[tasks]", "celery@", "Warm shutdown", "task.finished", "Running upgrade"):
        assert noise not in run.out and noise not in run.err
    log = Path(cli_env["NEWSFLOW_DATA_DIR"]) / "logs" / "demo.log"
    assert steps[1].endswith(f"(their logs: {log})")
    written = log.read_text()
    assert "[tasks]" in written and "task.finished" in written
