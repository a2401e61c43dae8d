"""Rate limit per source: a token bucket shared through Redis by every API process, 429 with Retry-After."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.api import create_api, producer_app
from services.ingest import ratelimit, sources
from services.ingest.ratelimit import LocalBuckets, RedisBuckets, buckets_for
from shared.db import session_scope

NINJS = {"headline": "Harbour reopens", "body_text": "The harbour in Cebu reopened on Tuesday, officials said."}


@pytest.fixture()
def client(pg_redis: dict[str, str], configure) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """An API client whose sources may send 3 requests at once, then one every 100 s."""
    env = {key.removeprefix("NEWSFLOW_").lower(): value for key, value in pg_redis.items()}
    configure(**env | {"rate_limit_per_second": "0.01", "rate_limit_burst": "3"})
    producer_app.cache_clear()
    buckets_for.cache_clear()
    with TestClient(create_api(relay=False)) as test_client:
        yield test_client
    producer_app.cache_clear()
    buckets_for.cache_clear()


def _key(name: str) -> dict[str, str]:
    with session_scope() as session:
        return {"authorization": f"Bearer {sources.add(session, name)[1]}"}


def _post(client: TestClient, headers: dict[str, str], n: int):  # type: ignore[no-untyped-def]
    return client.post("/v1/articles", json=NINJS | {"guid": f"urn:rl:{n}", "body_text": f"Story {n} from Cebu."},
                       headers=headers)


def test_a_source_over_its_burst_gets_429_with_retry_after_and_a_json_reason(client: TestClient) -> None:
    wire = _key("wire-a")
    assert [_post(client, wire, n).status_code for n in range(3)] == [202, 202, 202]
    refused = _post(client, wire, 3)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 100
    assert refused.json()["field"] == "source" and "wire-a" in refused.json()["reason"]


def test_one_source_over_its_limit_does_not_slow_another(client: TestClient) -> None:
    busy, quiet = _key("wire-a"), _key("wire-b")
    for n in range(4):
        _post(client, busy, n)
    assert _post(client, quiet, 10).status_code == 202


def test_the_limit_can_be_switched_off(client: TestClient, configure, pg_redis: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    env = {key.removeprefix("NEWSFLOW_").lower(): value for key, value in pg_redis.items()}
    configure(**env | {"rate_limit_per_second": "0"})
    assert {_post(client, {}, n).status_code for n in range(5)} == {202}


def test_two_api_processes_share_one_bucket_in_redis(redis_broker: str) -> None:
    """Each RedisBuckets has its own connections, as each API process does; together they admit one burst."""
    first, second = RedisBuckets(redis_broker), RedisBuckets(redis_broker)
    admitted = [bucket.take("wire-a", 0.001, 5) == 0 for _ in range(4) for bucket in (first, second)]
    assert admitted.count(True) == 5


def test_a_bucket_refills_at_its_rate() -> None:
    bucket = LocalBuckets()
    assert bucket.take("wire-a", 50, 1) == 0
    wait = bucket.take("wire-a", 50, 1)
    assert 0 < wait <= 0.02
    time.sleep(wait + 0.01)
    assert bucket.take("wire-a", 50, 1) == 0


def test_when_redis_does_not_answer_this_process_still_limits_and_posting_goes_on() -> None:
    unreachable = RedisBuckets("redis://127.0.0.1:1/0")
    assert [unreachable.take("wire-a", 0.001, 2) == 0 for _ in range(3)] == [True, True, False]


def test_without_a_redis_broker_the_buckets_are_this_processs() -> None:
    assert isinstance(buckets_for("sqla+sqlite:///var/broker.db"), LocalBuckets)
    assert isinstance(buckets_for("redis://127.0.0.1:6379/14"), RedisBuckets)


@pytest.mark.parametrize(("host", "counted_as"), [
    ("192.0.2.7", "192.0.2.7"),
    ("::ffff:192.0.2.7", "192.0.2.7"),  # IPv4 written as IPv6 is the same client
    ("2001:db8::1", "2001:db8::/64"),  # an IPv6 client holds its whole /64
    ("2001:0db8:0000::ffff", "2001:db8::/64"),  # however it is spelt
    ("2001:db8:0:1::1", "2001:db8:0:1::/64"),
    ("unknown", "unknown"), ("<script>", "unknown"), ("x" * 60_000, "unknown"), (None, "unknown"),
])
def test_failures_are_counted_per_client_address_written_one_way(host: str | None, counted_as: str) -> None:
    """What a trusted proxy forwards is counted as an address, never as the string it sent (fresh-eyes finding)."""
    assert ratelimit.client_address(host) == counted_as
