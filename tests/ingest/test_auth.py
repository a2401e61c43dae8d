"""Per-source API keys and request signing: who may post, and what they may write."""

from __future__ import annotations

import json
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from services.api import create_api, producer_app
from services.cli import main as cli
from services.ingest import auth, ratelimit, sources
from shared.db import session_scope, upgrade
from shared.models import Article, Source, Submission
from shared.signing import headers as signed_headers

NINJS = {"guid": "urn:test:auth:1", "headline": "Harbour reopens after storm",
         "body_text": "The harbour in Cebu reopened on Tuesday after the storm passed, officials said."}


def _add(name: str, signed: bool = False) -> tuple[str, str | None]:
    """A registered source's key and signing secret."""
    with session_scope() as session:
        source, key = sources.add(session, name, signed)
        return key, source.signing_secret


def pg_redis_settings(env: dict[str, str]) -> dict[str, str]:
    """The fixture's database, broker and gazetteer as ``configure`` keywords."""
    wanted = ("DATABASE_URL", "BROKER_URL", "GAZETTEER_PATH")
    return {name.lower(): env[f"NEWSFLOW_{name}"] for name in wanted}


def _bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


def _count(model: type) -> int:
    with session_scope() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_sources_add_prints_the_key_once_and_stores_only_its_hash(pg_redis: dict[str, str]) -> None:
    runner = CliRunner()
    added = runner.invoke(cli, ["sources", "add", "wire-a"])
    assert added.exit_code == 0, added.output
    key = added.output.split("shown once): ")[1].split()[0]
    listed = runner.invoke(cli, ["sources", "list"])
    assert listed.exit_code == 0 and "wire-a" in listed.output and "active" in listed.output
    assert key not in listed.output and key[:12] in listed.output
    with session_scope() as session:
        stored = session.scalar(select(Source).where(Source.name == "wire-a"))
        assert stored is not None and stored.key_hash == sources.hash_key(key) and key not in stored.key_hash


def test_sources_revoke_marks_the_source_revoked_and_unknown_names_fail(pg_redis: dict[str, str]) -> None:
    runner = CliRunner()
    runner.invoke(cli, ["sources", "add", "wire-a"])
    assert runner.invoke(cli, ["sources", "revoke", "wire-a"]).exit_code == 0
    assert "revoked" in runner.invoke(cli, ["sources", "list"]).output
    missing = runner.invoke(cli, ["sources", "revoke", "nobody"])
    assert missing.exit_code != 0 and "nobody" in missing.output


@pytest.mark.parametrize("name", ["", "has space", "_leading-underscore", "x" * 101])
def test_sources_add_refuses_a_bad_name_naming_it(configure, name: str) -> None:  # type: ignore[no-untyped-def]
    configure()  # the name is refused before any database is touched
    result = CliRunner().invoke(cli, ["sources", "add", name])
    assert result.exit_code != 0 and "name" in result.output


def test_without_sources_in_development_anonymous_posting_still_works(client: TestClient) -> None:
    answer = client.post("/v1/articles", json=NINJS)
    assert answer.status_code == 202
    assert client.get(answer.json()["status_url"]).json()["source"] == "default"


def test_once_a_source_exists_a_post_without_a_key_is_401(client: TestClient) -> None:
    _add("wire-a")
    answer = client.post("/v1/articles", json=NINJS)
    assert answer.status_code == 401 and answer.headers["www-authenticate"].startswith("Bearer")
    assert answer.json()["field"] == "Authorization" and answer.json()["reason"]
    assert _count(Submission) == 0


@pytest.mark.parametrize("setting", [{"require_api_keys": "true"}, {"environment": "production",
                                                                     "admin_key": "a-real-secret"}])
def test_keys_are_required_in_production_or_when_configured_even_without_sources(
    client: TestClient, configure, pg_redis: dict[str, str], setting: dict[str, str]  # type: ignore[no-untyped-def]
) -> None:
    configure(**pg_redis_settings(pg_redis), **setting)
    answer = client.post("/v1/articles", json=NINJS)
    assert answer.status_code == 401 and answer.json()["field"] == "Authorization"


def test_a_key_decides_the_source_of_what_it_posts(client: TestClient) -> None:
    key, _ = _add("wire-a")
    answer = client.post("/v1/articles", json=NINJS, headers=_bearer(key))
    assert answer.status_code == 202
    assert client.get(answer.json()["status_url"]).json()["source"] == "wire-a"


def test_a_body_naming_the_keys_own_source_is_accepted(client: TestClient) -> None:
    key, _ = _add("wire-a")
    assert client.post("/v1/articles", json=NINJS | {"source": "wire-a"}, headers=_bearer(key)).status_code == 202


def test_a_body_naming_another_source_is_403_naming_the_field(client: TestClient) -> None:
    key, _ = _add("wire-a")
    _add("wire-b")
    answer = client.post("/v1/articles", json=NINJS | {"source": "wire-b"}, headers=_bearer(key))
    assert answer.status_code == 403
    assert answer.json()["field"] == "source" and "wire-b" in answer.json()["reason"]
    assert _count(Article) == 0


def test_one_foreign_item_in_a_batch_refuses_the_whole_batch(client: TestClient) -> None:
    key, _ = _add("wire-a")
    lines = [json.dumps(NINJS | {"guid": "urn:1"}), json.dumps(NINJS | {"guid": "urn:2", "source": "wire-b",
                                                                          "body_text": "Other text in Davao."})]
    answer = client.post("/v1/articles", content="\n".join(lines),
                         headers=_bearer(key) | {"content-type": "application/x-ndjson"})
    assert answer.status_code == 403 and "item 2" in answer.json()["reason"]
    assert _count(Submission) == 0


def test_a_bad_authorization_header_is_401_even_where_anonymous_posts_are_allowed(client: TestClient) -> None:
    bad = [b"Bearer nfk_not-a-key", b"Basic d2lyZTpzZWNyZXQ=", b"Bearer ", b"nfk_x", b"Bearer \xe9\xe8\xff",
           b"Bearer " + b"k" * 10_000]
    answers = [client.post("/v1/articles", json=NINJS, headers={"authorization": value}) for value in bad]
    assert [(answer.status_code, answer.json()["field"]) for answer in answers] == [(401, "Authorization")] * len(bad)
    assert _count(Submission) == 0


def test_a_revoked_key_is_401_and_the_sources_articles_remain(client: TestClient) -> None:
    key, _ = _add("wire-a")
    accepted = client.post("/v1/articles", json=NINJS, headers=_bearer(key)).json()
    with session_scope() as session:
        sources.revoke(session, "wire-a")
    answer = client.post("/v1/articles", json=NINJS | {"guid": "urn:2"}, headers=_bearer(key))
    assert answer.status_code == 401
    assert client.get(accepted["status_url"]).status_code == 200


def _elsewhere(statement: str, **values: object) -> None:
    """A change to the registry made by another process: this one's API is not told of it."""
    with session_scope() as session:
        session.execute(sa.text(statement), values)


@pytest.mark.parametrize("cache_seconds", ["0.5", "0"])
def test_a_key_revoked_by_another_process_stops_working_within_the_key_cache_time(  # type: ignore[no-untyped-def]
        client: TestClient, configure, pg_redis: dict[str, str], cache_seconds: str) -> None:
    """Each API process reads a key's source again after NEWSFLOW_KEY_CACHE_SECONDS; 0 reads it every time."""
    configure(**pg_redis_settings(pg_redis) | {"key_cache_seconds": cache_seconds})
    key, _ = _add("wire-a")
    assert client.post("/v1/articles", json=NINJS, headers=_bearer(key)).status_code == 202
    _elsewhere("UPDATE source SET revoked_at = now() WHERE name = 'wire-a'")
    time.sleep(float(cache_seconds) + 0.1)
    assert client.post("/v1/articles", json=NINJS | {"guid": "urn:2"}, headers=_bearer(key)).status_code == 401


def test_a_key_registered_by_another_process_works_at_once_after_being_refused(client: TestClient) -> None:
    """An unknown key is never remembered: the key cache cannot keep a new source out."""
    key, _ = _add("wire-a")
    assert client.post("/v1/articles", json=NINJS, headers=_bearer(key)).status_code == 202
    late = "nfk_registered-elsewhere"
    assert client.post("/v1/articles", json=NINJS | {"guid": "urn:2"}, headers=_bearer(late)).status_code == 401
    _elsewhere("INSERT INTO source (name, key_hash, key_prefix, created_at) VALUES ('wire-b', :hash, :prefix, now())",
               hash=sources.hash_key(late), prefix=late[:12])
    assert client.post("/v1/articles", json=NINJS | {"guid": "urn:3"}, headers=_bearer(late)).status_code == 202


def test_after_rotation_only_the_new_key_works(client: TestClient) -> None:
    old, _ = _add("wire-a")
    result = CliRunner().invoke(cli, ["sources", "rotate", "wire-a"])
    new = result.output.split("(shown once): ")[1].split()[0]
    assert client.post("/v1/articles", json=NINJS, headers=_bearer(old)).status_code == 401
    assert client.post("/v1/articles", json=NINJS, headers=_bearer(new)).status_code == 202


def _signed_post(client: TestClient, key: str, secret: str, body: bytes, msg_id: str,
                 now: int | None = None, sent: bytes | None = None):  # type: ignore[no-untyped-def]
    signature = signed_headers(secret, msg_id, body, now=now)
    return client.post("/v1/articles", content=body if sent is None else sent, headers=_bearer(key) | signature)


def test_a_signed_source_is_accepted_with_a_valid_signature(client: TestClient) -> None:
    key, secret = _add("wire-s", signed=True)
    assert secret is not None
    answer = _signed_post(client, key, secret, json.dumps(NINJS).encode(), "msg_1")
    assert answer.status_code == 202, answer.text


def test_a_signed_source_must_sign_every_request(client: TestClient) -> None:
    key, _ = _add("wire-s", signed=True)
    answer = client.post("/v1/articles", json=NINJS, headers=_bearer(key))
    assert answer.status_code == 401 and answer.json()["field"] == "webhook-id"


def test_a_replayed_webhook_id_is_409_and_creates_nothing_new(client: TestClient) -> None:
    key, secret = _add("wire-s", signed=True)
    assert secret is not None
    body = json.dumps(NINJS).encode()
    assert _signed_post(client, key, secret, body, "msg_1").status_code == 202
    replay = _signed_post(client, key, secret, body, "msg_1")
    assert replay.status_code == 409 and replay.json()["field"] == "webhook-id"
    assert _count(Submission) == 1


def test_a_signed_retry_with_its_idempotency_key_gets_the_first_answer_back(client: TestClient) -> None:
    """A sender that timed out retries the very same signed request (same webhook-id, same Idempotency-Key):
    it gets the first answer, replayed, not a 409 for the webhook-id it had to keep."""
    key, secret = _add("wire-s", signed=True)
    assert secret is not None
    body = json.dumps(NINJS).encode()
    headers = _bearer(key) | signed_headers(secret, "msg_1", body) | {"idempotency-key": "retry-1"}
    first = client.post("/v1/articles", content=body, headers=headers)
    again = client.post("/v1/articles", content=body, headers=headers)
    assert first.status_code == 202, first.text
    assert again.status_code == 202 and again.json() == first.json(), again.text
    assert again.headers.get("idempotent-replayed") == "true"
    assert _count(Submission) == 1


def test_a_tampered_body_is_401(client: TestClient) -> None:
    key, secret = _add("wire-s", signed=True)
    assert secret is not None
    body = json.dumps(NINJS).encode()
    answer = _signed_post(client, key, secret, body, "msg_1", sent=body.replace(b"Cebu", b"Iloilo"))
    assert answer.status_code == 401 and answer.json()["field"] == "webhook-signature"
    assert _count(Submission) == 0


def test_an_expired_signature_is_401_naming_the_timestamp(client: TestClient) -> None:
    key, secret = _add("wire-s", signed=True)
    assert secret is not None
    answer = _signed_post(client, key, secret, json.dumps(NINJS).encode(), "msg_1", now=int(time.time()) - 3600)
    assert answer.status_code == 401 and answer.json()["field"] == "webhook-timestamp"


def test_keys_work_on_the_embedded_sqlite_setup(embedded: dict[str, str]) -> None:
    """The 0002 migration runs on SQLite (the embedded fixture migrates) and keys work there."""
    key, _ = _add("wire-a")
    producer_app.cache_clear()
    with TestClient(create_api(relay=False)) as local:
        assert local.post("/v1/articles", json=NINJS).status_code == 401
        assert local.post("/v1/articles", json=NINJS, headers=_bearer(key)).status_code == 202
    producer_app.cache_clear()


def test_the_sources_migration_downgrades_and_upgrades_again_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/m.db"
    upgrade(url)
    config = Config()
    config.set_main_option("script_location", str(Path(upgrade.__code__.co_filename).parent / "migrations"))
    config.set_main_option("sqlalchemy.url", url)
    command.downgrade(config, "0001")
    assert "source" not in sa.inspect(sa.create_engine(url)).get_table_names()
    upgrade(url)
    assert {"source", "webhook_receipt", "idempotent_request"} <= set(
        sa.inspect(sa.create_engine(url)).get_table_names())


def test_a_signed_request_refused_for_its_body_leaves_its_webhook_id_for_the_corrected_retry(
    client: TestClient,
) -> None:
    """Given a signed post refused for its content, when it is corrected and re-signed under the same
    webhook-id, then it is accepted; and replaying the accepted request is still 409."""
    key, secret = _add("wire-s", signed=True)
    assert secret is not None
    wrong = json.dumps(NINJS | {"headline": 42}).encode()
    assert _signed_post(client, key, secret, wrong, "msg_1").status_code == 422
    right = json.dumps(NINJS).encode()
    assert _signed_post(client, key, secret, right, "msg_1").status_code == 202
    replay = _signed_post(client, key, secret, right, "msg_1")
    assert replay.status_code == 409 and replay.json()["field"] == "webhook-id"
    assert _count(Submission) == 1


def test_failed_authentications_from_one_address_are_rate_limited(client: TestClient, configure,  # type: ignore[no-untyped-def]
                                                                  pg_redis: dict[str, str]) -> None:
    """Bad keys answer 401 until the address's allowance is spent, then 429 with Retry-After, good key or not;
    another address is untouched."""
    configure(**pg_redis_settings(pg_redis) | {"auth_failure_rate_per_second": "0.01", "auth_failure_burst": "5"})
    key, _ = _add("wire-a")
    statuses = [client.post("/v1/articles", json=NINJS, headers=_bearer(f"nfk_wrong{n}")).status_code
                for n in range(12)]
    assert statuses == [401] * 5 + [429] * 7
    blocked = client.post("/v1/articles", json=NINJS, headers=_bearer(key))
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) >= 1
    assert blocked.json()["field"] == "Authorization"
    with TestClient(create_api(relay=False), client=("192.0.2.7", 40000)) as elsewhere:
        assert elsewhere.post("/v1/articles", json=NINJS, headers=_bearer(key)).status_code == 202


def test_failures_counted_by_another_process_refuse_an_address_here_within_a_second(  # type: ignore[no-untyped-def]
        client: TestClient, configure, pg_redis: dict[str, str]) -> None:
    """An address found clear is not asked about for a second, unless it fails here: then at once."""
    configure(**pg_redis_settings(pg_redis) | {"auth_failure_rate_per_second": "0.01", "auth_failure_burst": "3"})
    key, _ = _add("wire-a")
    assert client.post("/v1/articles", json=NINJS, headers=_bearer(key)).status_code == 202  # found clear
    elsewhere = ratelimit.buckets_for(pg_redis["NEWSFLOW_BROKER_URL"])  # another API process's failures
    for _ in range(3):
        elsewhere.take(ratelimit.FAILURES + "unknown", 0.01, 3)
    time.sleep(ratelimit.CLEAR_SECONDS + 0.1)
    assert client.post("/v1/articles", json=NINJS | {"guid": "urn:2"}, headers=_bearer(key)).status_code == 429


def test_a_guess_from_an_address_spent_elsewhere_is_refused_at_once(  # type: ignore[no-untyped-def]
        client: TestClient, configure, pg_redis: dict[str, str]) -> None:
    """Even within the second an address is trusted clear, a key not known here pays for its lookup first."""
    configure(**pg_redis_settings(pg_redis) | {"auth_failure_rate_per_second": "0.01", "auth_failure_burst": "3"})
    key, _ = _add("wire-a")
    assert client.post("/v1/articles", json=NINJS, headers=_bearer(key)).status_code == 202  # found clear
    elsewhere = ratelimit.buckets_for(pg_redis["NEWSFLOW_BROKER_URL"])
    for _ in range(3):
        elsewhere.take(ratelimit.FAILURES + "unknown", 0.01, 3)
    refused = client.post("/v1/articles", json=NINJS, headers=_bearer("nfk_wrong"))
    assert (refused.status_code, refused.json()["field"]) == (429, "Authorization")
    assert client.post("/v1/articles", json=NINJS | {"guid": "urn:2"}, headers=_bearer(key)).status_code == 429


def test_guesses_sent_at_once_get_no_more_lookups_than_the_allowance(  # type: ignore[no-untyped-def]
        configure, pg_redis: dict[str, str]) -> None:
    """Forty bad keys at once from one address: five are looked up (401), the rest refused (429) unread."""
    configure(**pg_redis_settings(pg_redis) | {"auth_failure_rate_per_second": "0.01", "auth_failure_burst": "5"})
    upgrade()
    _add("wire-a")  # keys are required

    def guess(number: int) -> str:
        try:
            with ratelimit.failures_counted("192.0.2.40"):
                auth.identify({"authorization": f"Bearer nfk_guess{number}"}, "192.0.2.40")
        except Exception as exc:  # the error a POST would answer with
            return type(exc).__name__
        return "accepted"

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = Counter(pool.map(guess, range(40)))
    assert outcomes == {"GuessFailed": 5, "RateLimited": 35}


def test_good_keys_arriving_together_from_one_address_are_all_accepted(  # type: ignore[no-untyped-def]
        configure, pg_redis: dict[str, str]) -> None:
    """Thirty sources behind one address (a NAT, an aggregator's cron) post at once: none is refused, however small
    the address's failed-authentication allowance (fresh-eyes finding: paying for each lookup first refused them)."""
    configure(**pg_redis_settings(pg_redis) | {"auth_failure_rate_per_second": "0.01", "auth_failure_burst": "3",
                                               "key_cache_seconds": "0"})
    upgrade()
    keys = [_add(f"wire-{number}")[0] for number in range(30)]

    def post(key: str) -> str:
        try:
            with ratelimit.failures_counted("192.0.2.41"):
                return auth.identify({"authorization": f"Bearer {key}"}, "192.0.2.41").name or ""
        except Exception as exc:
            return type(exc).__name__

    with ThreadPoolExecutor(max_workers=30) as pool:
        names = list(pool.map(post, keys * 2))
    assert names == [f"wire-{number}" for number in range(30)] * 2
