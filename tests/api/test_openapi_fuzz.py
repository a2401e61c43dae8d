"""Property-based fuzzing of the whole HTTP API from its own OpenAPI document (schemathesis).

Every operation, with generated input: never a 5xx, and every status code answered is one the OpenAPI
document declares for that operation.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from services.api import create_api, producer_app


def _fuzz(operation) -> None:  # type: ignore[no-untyped-def]
    @given(case=operation.as_strategy())
    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case) -> None:  # type: ignore[no-untyped-def]
        case.call_and_validate(checks=[not_a_server_error, status_code_conformance])

    run()


def test_no_operation_answers_5xx_or_an_undocumented_status(pg_redis: dict[str, str]) -> None:
    producer_app.cache_clear()
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_api(relay=False))
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            _fuzz(operation)
        except (Exception, BaseExceptionGroup) as exc:  # collected so one run names every failing operation
            failures.append(f"{operation.label}: {str(exc)[:600]}")
    assert failures == [], "\n\n".join(failures)
