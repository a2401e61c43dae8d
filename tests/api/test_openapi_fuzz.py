"""Property-based fuzzing of the whole HTTP API from its own OpenAPI document (schemathesis), on both databases.

Every operation, with input that fits the document, input that does not (negative generation: out-of-range
integers, wrong types), and hostile path and query values (NUL and other controls, numbers past 64 bits, dates
past the calendar): never a 5xx, and every status code answered is one the document declares for the operation.
SQLite and PostgreSQL refuse different things (PostgreSQL any NUL, SQLite integers past 64 bits), so both run.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import status_code_conformance

from services.api import create_api, producer_app
from shared.settings import get_settings

CHECKS = [not_a_server_error, status_code_conformance]
HOSTILE = ["\x00", "a\x01b", "a\x00b", "\x7f", "\ufffe", "99999999999999999999", "-9223372036854775809", "0", "-1",
           "1e999", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "%", " ", "..", "\u202e", "é" * 300]


def _fuzz(operation, mode: GenerationMode) -> None:  # type: ignore[no-untyped-def]
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case) -> None:  # type: ignore[no-untyped-def]
        case.call_and_validate(checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise
        # An operation without parameters or body has nothing that could be made invalid.


def _parameters(operation, where: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [param.name for param in operation.iter_parameters() if param.location == where]


def _hostile(operation) -> None:  # type: ignore[no-untyped-def]
    """Each hostile value in every path parameter, then in every query parameter, with the admin key."""
    headers: dict[str, Any] = {"authorization": f"Bearer {get_settings().admin_key}"}
    paths, queries = _parameters(operation, "path"), _parameters(operation, "query")
    benign = {name: "1" for name in paths}
    for value in HOSTILE:
        cases = [operation.Case(path_parameters={name: value for name in paths}, headers=headers)] if paths else []
        cases += [operation.Case(path_parameters=benign, query={name: value}, headers=headers) for name in queries]
        for case in cases:
            case.call_and_validate(checks=CHECKS)


@pytest.mark.parametrize("database", ["pg_redis", "embedded"])
def test_no_operation_answers_5xx_or_an_undocumented_status(database: str, request: pytest.FixtureRequest,
                                                            configure) -> None:  # type: ignore[no-untyped-def]
    env = request.getfixturevalue(database)
    configure(**{key.removeprefix("NEWSFLOW_").lower(): value for key, value in env.items()}
              | {"admin_key": "fuzz-admin-key-0123456789abcdef", "rate_limit_per_second": "0"})
    producer_app.cache_clear()
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_api(relay=False))
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for name, attempt in (("positive", lambda op: _fuzz(op, GenerationMode.POSITIVE)),
                              ("negative", lambda op: _fuzz(op, GenerationMode.NEGATIVE)), ("hostile", _hostile)):
            try:
                attempt(operation)
            except (Exception, BaseExceptionGroup) as exc:  # collected so one run names every failing operation
                failures.append(f"{operation.label} ({name}): {str(exc)[:600]}")
    assert failures == [], "\n\n".join(failures)
