"""What the feed tests share: adding a feed, polling it, counting what became of its items."""

from __future__ import annotations

from celery import Celery
from sqlalchemy import func, select

from services.ingest.feeds import registry
from services.ingest.feeds.poll import Report, poll
from shared.db import session_scope
from shared.models import Article, Feed, Submission


def add(url: str, source: str = "wire", full_text: str = "never", name: str | None = None,
        interval: str = "10m") -> int:
    with session_scope() as session:
        return registry.add(session, url, source, interval, full_text, name).id


def poll_now(feed_id: int, producer: Celery) -> Report:
    """Poll as `feeds poll` does (unclaimed), whatever the feed's schedule says."""
    return poll(feed_id, producer)


def articles(source: str = "wire") -> dict[str, int]:
    """guid -> number of submissions, for every article of the source."""
    with session_scope() as session:
        rows = session.execute(select(Article.guid, func.count(Submission.id)).join(
            Submission, Submission.article_id == Article.id).where(Article.source == source).group_by(Article.guid))
        return {guid: count for guid, count in rows}


def feed(feed_id: int) -> Feed:
    with session_scope() as session:
        found = session.get_one(Feed, feed_id)
        session.expunge(found)
        return found
