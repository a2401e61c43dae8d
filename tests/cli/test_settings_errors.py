"""A setting that cannot work is refused at start with a line naming it (fresh-eyes findings: an infinite key
cache kept revoked keys working for good; a burst of 0 or a rate of 1e-300 silently switched the failed-
authentication limit off or broke its Redis script)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from services.cli import main as cli
from shared import state


@pytest.mark.parametrize(("variable", "value", "reason"), [
    ("NEWSFLOW_KEY_CACHE_SECONDS", "inf", "finite number"),
    ("NEWSFLOW_KEY_CACHE_SECONDS", "nan", "finite number"),
    ("NEWSFLOW_KEY_CACHE_SECONDS", "-1", "greater than or equal to 0"),
    ("NEWSFLOW_KEY_CACHE_SECONDS", "86400", "less than or equal to 300"),
    ("NEWSFLOW_AUTH_FAILURE_BURST", "0", "greater than or equal to 1"),
    ("NEWSFLOW_AUTH_FAILURE_RATE_PER_SECOND", "-1", "greater than or equal to 0"),
    ("NEWSFLOW_AUTH_FAILURE_RATE_PER_SECOND", "nan", "finite number"),
    ("NEWSFLOW_AUTH_FAILURE_RATE_PER_SECOND", "1e-300", "0 (no limit) or at least 0.001"),
    ("NEWSFLOW_RATE_LIMIT_PER_SECOND", "0.00001", "0 (no limit) or at least 0.001"),
    ("NEWSFLOW_RATE_LIMIT_BURST", "0", "greater than or equal to 1"),
    ("NEWSFLOW_AUTH_FAILURE_BURST", "1000000000000", "less than or equal to 1000000"),
    ("NEWSFLOW_AUTH_FAILURE_RATE_PER_SECOND", "1e300", "less than or equal to 1000000"),
    # a typo must not quietly trust no proxy (every client would share the proxy's one allowance)
    ("NEWSFLOW_FORWARDED_ALLOW_IPS", "not-an-ip", "'not-an-ip' is not an IP address"),
    ("NEWSFLOW_FORWARDED_ALLOW_IPS", "localhost", "'localhost' is not an IP address"),
    ("NEWSFLOW_FORWARDED_ALLOW_IPS", "127.0.0.1/8", "host bits clear"),
    ("NEWSFLOW_FORWARDED_ALLOW_IPS", "127.0.0.1;10.0.0.1", "separate several with commas"),
])
def test_a_setting_that_cannot_work_is_refused_naming_it(monkeypatch: pytest.MonkeyPatch, variable: str, value: str,
                                                         reason: str) -> None:
    monkeypatch.setenv(variable, value)
    state.reset()
    try:
        result = CliRunner().invoke(cli, ["sources", "list"])
    finally:
        monkeypatch.delenv(variable)
        state.reset()
    assert result.exit_code == 1
    assert variable in result.output and reason in result.output
