"""Mirror names are plain text: controls, bidi overrides and overlong names are refused by the API and the CLI."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from services.api import create_api, producer_app
from services.cli import main as cli

ADMIN = {"authorization": "Bearer test-admin-key"}
MIRROR_URL = "http://127.0.0.1:9/push"
BAD_NAMES = ["desk\x00", "desk\x1b[31m", "desk\nnext", "\u202edesk", "desk\u200b", "\x7f", "d" * 101, "desk\u2028next",
             "desk\u2029next"]


@pytest.fixture()
def client(configure, pg_database: str, redis_broker: str) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    configure(database_url=pg_database, broker_url=redis_broker, admin_key="test-admin-key",
              outbound_allowlist="127.0.0.1")
    producer_app.cache_clear()
    yield TestClient(create_api(relay=False))
    producer_app.cache_clear()


def test_the_admin_api_refuses_a_mirror_name_with_a_control_character_naming_the_field(client: TestClient) -> None:
    answers = [client.post("/v1/mirrors", json={"name": name, "url": MIRROR_URL}, headers=ADMIN) for name in BAD_NAMES]
    assert [(a.status_code, a.json()["field"], bool(a.json()["reason"])) for a in answers] == \
        [(422, "name", True)] * len(BAD_NAMES)
    assert client.get("/v1/mirrors", headers=ADMIN).json()["mirrors"] == []
    assert client.post("/v1/mirrors", json={"name": "Desk café 2", "url": MIRROR_URL}, headers=ADMIN).status_code == 201


@pytest.mark.parametrize("name", BAD_NAMES)
def test_the_cli_refuses_a_mirror_name_with_a_control_character_and_exits_non_zero(
    configure, pg_database: str, name: str  # type: ignore[no-untyped-def]
) -> None:
    configure(database_url=pg_database, outbound_allowlist="127.0.0.1")
    result = CliRunner().invoke(cli, ["mirrors", "add", name, MIRROR_URL])
    assert result.exit_code != 0 and "name" in result.output, result.output
