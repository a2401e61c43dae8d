"""The command-line checker the deployment tests use agrees with the real `newsflow` CLI and the app's names."""

from __future__ import annotations

import pytest

from shared.queues import ALL_QUEUES, WORKER_DEFAULTS
from tests.cli.newsflow_cli import QUEUES, WORKERS, is_runtime_command, real_cli_accepts


@pytest.mark.parametrize("line", [["worker", name] for name in WORKERS] + [["api"], ["db", "upgrade"],
                                  ["health", "worker", "ingest", "--max-age", "60"]])
def test_the_command_lines_a_container_runs_parse_with_the_real_cli(line: list[str]) -> None:
    assert is_runtime_command(line) and real_cli_accepts(line)


@pytest.mark.parametrize(
    "line",
    [["worker", "mangle"], ["health", "worker", "ingest", "--max-agee", "60"], ["db"], ["api", "--help"]],
)
def test_the_real_cli_check_rejects_bad_command_lines(line):
    assert not real_cli_accepts(line)


def test_the_queues_scaled_and_alerted_on_are_the_apps_queues():
    """KEDA listNames come from newsflow_cli.QUEUES; they must be the names the app declares."""
    assert sorted(QUEUES) == sorted(ALL_QUEUES)


def test_the_workers_deployments_run_are_the_workers_the_cli_starts() -> None:
    assert sorted(WORKERS) == sorted(WORKER_DEFAULTS)
