"""Per-process state has one home: one reset() forgets all of it; a forked child keeps what it works under."""

from __future__ import annotations

import pytest

from services.api import producer_app
from services.ingest.ratelimit import buckets_for
from services.publish import dispatch
from shared import claims, state
from shared.db import get_engine
from shared.settings import get_settings


def test_every_per_process_object_is_registered() -> None:
    assert {"settings", "database engine", "logging", "metric recorders", "outbox marks and declarations",
            "worker identity", "api producer app", "rate-limit buckets", "delivery http client"} <= set(
        state.registered())


def test_one_reset_makes_every_cached_object_afresh(configure, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Given cached settings, engine, producer app, buckets, HTTP client and worker identity, when the
    environment changes and reset() runs, then each is made again and reads the new environment."""
    configure(database_url="sqlite:///:memory:", delivery_timeout="3")
    before = (get_settings(), get_engine(), producer_app(), buckets_for("memory://"), dispatch.client())
    worker = claims.become_worker()
    monkeypatch.setenv("NEWSFLOW_DELIVERY_TIMEOUT", "7")

    state.reset()

    after = (get_settings(), get_engine(), producer_app(), buckets_for("memory://"), dispatch.client())
    assert [old is new for old, new in zip(before, after, strict=True)] == [False] * len(before)
    assert after[0].delivery_timeout == 7 and dispatch.client().timeout.read == 7
    assert claims._worker is None and worker


def test_a_forked_child_keeps_its_parents_worker_identity_and_forgets_its_connections(configure) -> None:  # type: ignore[no-untyped-def]
    configure(database_url="sqlite:///:memory:")
    worker, engine = claims.become_worker(), get_engine()

    state.reset(child=True)

    assert claims.worker_id() == worker and get_engine() is not engine
