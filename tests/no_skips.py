"""In CI a skipped test is a failed one (a pytest plugin, loaded by tests/conftest.py).

A test that skips where it should run (a missing tool, a server that was not started) looks green and proves
nothing. When ``NEWSFLOW_CI`` or ``CI`` is set (.ci/run sets both), every skip, whether at collection or in a
test, is reported as a failure naming the skip's reason. Expected failures (xfail) are left alone.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from typing import Any

import pytest

TRUE = {"1", "true", "yes", "on"}


def in_ci() -> bool:
    """Whether this run is CI's (a skip then fails)."""
    return any(os.environ.get(name, "").strip().lower() in TRUE for name in ("NEWSFLOW_CI", "CI"))


def _reason(report: Any) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)


def _fail(report: Any) -> None:
    report.outcome = "failed"
    report.longrepr = f"skipped in CI, which counts as a failure (NEWSFLOW_CI/CI is set): {_reason(report)}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail") and in_ci():
        _fail(report)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if report.skipped and in_ci():
        _fail(report)
