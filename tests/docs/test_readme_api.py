"""The README's API table lists every route OpenAPI has, and no route it does not have."""

from __future__ import annotations

import re

from services.api import create_api
from tests.conftest import ROOT

HEADING = "## The HTTP API"
ROUTE = re.compile(r"`(GET|POST|PUT|PATCH|DELETE) (/[^`\s]*)`")


def _table_routes(readme: str) -> set[tuple[str, str]]:
    """(method, path) of every route named in the first column of the table under the HTTP API heading."""
    section = readme[readme.index(HEADING):]
    rows = [line for line in section.split("\n## ", 1)[0].splitlines() if line.startswith("| `")]
    return {(method, path) for row in rows for method, path in ROUTE.findall(row.split(" | ", 1)[0])}


def _openapi_routes() -> set[tuple[str, str]]:
    paths = create_api(relay=False).openapi()["paths"]
    return {(method.upper(), path) for path, operations in paths.items() for method in operations}


def test_the_readme_api_table_lists_exactly_the_routes_openapi_has() -> None:
    listed, served = _table_routes((ROOT / "README.md").read_text()), _openapi_routes()
    assert sorted(served - listed) == [], "routes missing from the README's table"
    assert sorted(listed - served) == [], "routes in the README's table the API does not have"


def test_the_comparison_notices_a_missing_route() -> None:
    table = "## The HTTP API\n\n| route | what |\n|---|---|\n| `GET /healthz`, `GET /readyz` | health |\n"
    assert _table_routes(table) == {("GET", "/healthz"), ("GET", "/readyz")}
    assert ("GET", "/metrics") in _openapi_routes() - _table_routes(table)
