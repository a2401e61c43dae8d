"""The WebSub hub hears about every feed a publish changed; a dead hub never fails the publish."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs

import pytest
from structlog.testing import capture_logs

from services.publish import tasks, websub
from shared.db import session_scope
from shared.messages import PublishRequested
from shared.models import Article, ArticleStatus, Entity
from tests.e2e.stack import RecordingMirror, free_port
from tests.publish.conftest import KYIV, publish


@pytest.fixture()
def hub(database, monkeypatch) -> Iterator[RecordingMirror]:  # type: ignore[no-untyped-def]
    """A hub on 127.0.0.1 that records pings, configured as NEWSFLOW_WEBSUB_HUB."""
    from shared.settings import get_settings

    recorder = RecordingMirror()
    monkeypatch.setenv("NEWSFLOW_WEBSUB_HUB", recorder.url)
    get_settings.cache_clear()
    yield recorder
    recorder.close()


def test_publishing_pings_the_hub_with_every_changed_feed(hub) -> None:  # type: ignore[no-untyped-def]
    # Given a version enriched but not yet published
    with session_scope() as session:
        stored = publish(session, "g1", "Kyiv water works finished", KYIV, entity="Kyiv Water", publish_now=False)
    # When the publish task runs
    tasks.process(message=PublishRequested(version_id=stored.version_id).model_dump())
    # Then the article is published and the hub got one publish ping naming its feeds
    with session_scope() as session:
        assert session.get_one(Article, stored.article_id).status == ArticleStatus.PUBLISHED
        entity_id = session.query(Entity.id).filter_by(name="Kyiv Water").scalar()
    [ping] = hub.received
    form = parse_qs(ping["body"].decode())
    assert form["hub.mode"] == ["publish"]
    paths = {url.split("/feeds/", 1)[1] for url in form["hub.url"]}
    assert {"all.atom", "all.rss", "all.json", "countries/ua.atom", "sources/wire.json",
            f"places/{KYIV['geonameid']}.rss", f"entities/{entity_id}.atom"} <= paths


def test_a_repeated_publish_task_does_not_ping_again(hub) -> None:  # type: ignore[no-untyped-def]
    with session_scope() as session:
        stored = publish(session, "g1", "Kyiv water works finished", KYIV, publish_now=False)
    message = PublishRequested(version_id=stored.version_id).model_dump()
    tasks.process(message=message)
    tasks.process(message=message)
    assert len(hub.received) == 1


def test_an_unreachable_hub_is_logged_and_the_publish_still_succeeds(database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from shared.settings import get_settings

    monkeypatch.setenv("NEWSFLOW_WEBSUB_HUB", f"http://127.0.0.1:{free_port()}/hub")
    get_settings.cache_clear()
    with session_scope() as session:
        stored = publish(session, "g1", "Kyiv water works finished", KYIV, publish_now=False)
    with capture_logs() as logs:
        tasks.process(message=PublishRequested(version_id=stored.version_id).model_dump())
    assert [entry["event"] for entry in logs if entry["event"].startswith("websub.")] == ["websub.ping_failed"]
    with session_scope() as session:
        assert session.get_one(Article, stored.article_id).status == ArticleStatus.PUBLISHED


def test_no_hub_configured_means_no_ping(database) -> None:  # type: ignore[no-untyped-def]
    with session_scope() as session:
        stored = publish(session, "g1", "Kyiv water works finished", KYIV)
        assert websub.ping(websub.topics(session, stored.version_id)) is False
