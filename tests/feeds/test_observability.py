"""What operators see of feeds: log lines with feed_id, per-feed metrics, the status snapshot, and its text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from celery import Celery
from sqlalchemy import update
from structlog.testing import capture_logs

from services.cli.status import _feeds
from services.console.state import snapshot
from shared.celery import create_app
from shared.db import session_scope
from shared.metrics import exposition
from shared.models import Feed
from tests.feeds.helpers import add, poll_now
from tests.feeds.server import FeedServer, Reply, feed, fixture


@pytest.fixture()
def producer(feeds_db: dict[str, str]) -> Iterator[Celery]:
    app = create_app("observability-tests")
    yield app
    app.close()


def test_poll_log_lines_carry_the_feed_id(server: FeedServer, producer: Celery) -> None:
    feed_id = add(server.serve("/obs/log", feed(fixture("rss20.xml"))))
    with capture_logs() as logs:
        poll_now(feed_id, producer)
    (done,) = [line for line in logs if line["event"] == "feed.polled"]
    assert done["feed_id"] == feed_id and done["outcome"] == "ok" and done["new"] == 2


def test_polls_items_errors_and_lag_are_counted_per_feed(server: FeedServer, producer: Celery) -> None:
    good = add(server.serve("/obs/good", feed(fixture("atom.xml"))), name="good")
    bad = add(server.serve("/obs/bad", Reply(503, b"down")), name="bad")
    poll_now(good, producer)
    poll_now(good, producer)
    poll_now(bad, producer)
    text = exposition().decode()
    assert f'newsflow_feed_polls_total{{feed="{good}",outcome="ok"}} 1.0' in text
    assert f'newsflow_feed_polls_total{{feed="{good}",outcome="not_modified"}} 1.0' in text
    assert f'newsflow_feed_items_total{{feed="{good}",kind="new"}} 2.0' in text
    assert f'newsflow_feed_errors_total{{feed="{bad}",kind="http_503"}} 1.0' in text
    assert f'newsflow_feed_item_lag_seconds_count{{feed="{good}"}} 1.0' in text  # one of its items is dated


def test_status_shows_failing_feeds_by_name_with_their_error(feeds_db: dict[str, str]) -> None:
    add("http://127.0.0.1:9/a.xml", name="fine")
    broken = add("http://127.0.0.1:9/b.xml", name="broken")
    with session_scope() as session:
        session.execute(update(Feed).where(Feed.id == broken).values(state="failing", last_error="http_410: gone"))
    feeds = snapshot()["feeds"]
    assert feeds["states"] == {"active": 1, "paused": 0, "failing": 1}
    assert feeds["failing"] == [{"name": "broken", "error": "http_410: gone"}]
    assert _feeds(feeds) == ["feeds: 1 active, 0 paused, [red]1 failing[/]",
                             "[red]  feed broken failing: http_410: gone[/]"]
