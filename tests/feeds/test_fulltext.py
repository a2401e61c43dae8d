"""Full text: a summary-only item's page is fetched and its article taken out with trafilatura (metadata kept);
its canonical URL joins the item's identity; a page that fails leaves the summary, and the article says so."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from celery import Celery
from sqlalchemy import select

from shared.celery import create_app
from shared.db import session_scope
from shared.models import Article, FeedItem, Submission
from tests.feeds.helpers import add, poll_now
from tests.feeds.server import FeedServer, Reply, feed

PARAGRAPH = ("<p>Divers inspecting the northern quay found that the storm had cracked two of the concrete piles "
             "that carry the deck, the harbour authority said on Tuesday, and repairs could take a month.</p>")


def page(server: FeedServer) -> bytes:
    return (f'<html lang="en"><head><title>Quay repairs to take a month</title>'
            f'<link rel="canonical" href="{server.url("/articles/quay-repairs")}">'
            '<meta name="author" content="Rita Harbour">'
            '<meta property="article:published_time" content="2026-11-30T09:00:00Z"></head>'
            f"<body><nav>Home | News</nav><article><h1>Quay repairs to take a month</h1>{PARAGRAPH * 4}"
            "</article><footer>Copyright</footer></body></html>").encode()


def rss(server: FeedServer, *items: tuple[str, str]) -> str:
    listed = "".join(f"<item><title>Quay repairs</title><link>{server.url(path)}</link><guid>{guid}</guid>"
                     "<description>Repairs will take a month.</description></item>" for guid, path in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>{server.url("/")}</link>'
            f"<description>d</description>{listed}</channel></rss>")


@pytest.fixture()
def producer(feeds_db: dict[str, str]) -> Iterator[Celery]:
    app = create_app("fulltext-tests")
    yield app
    app.close()


def test_a_short_summary_is_replaced_by_the_pages_article(server: FeedServer, producer: Celery) -> None:
    server.serve("/page/quay?utm_source=rss", Reply(200, page(server), {"Content-Type": "text/html"}))
    url = server.serve("/ft/one", feed(rss(server, ("q-1", "/page/quay?utm_source=rss"))))
    report = poll_now(add(url, full_text="auto"), producer)
    assert report.new == 1 and report.notes == []
    with session_scope() as session:
        payload = session.scalars(select(Submission.payload)).one()
        text_from = session.scalar(select(FeedItem.text_from).where(FeedItem.key == "guid:q-1"))
    assert "cracked two of the concrete piles" in payload["body_text"]
    # trafilatura reads the day of the date only
    assert payload["byline"] == "Rita Harbour" and payload["firstcreated"].startswith("2026-11-30")
    assert "Home | News" not in payload["body_text"] and text_from == "page"


def test_the_pages_canonical_url_joins_the_identity(server: FeedServer, producer: Celery) -> None:
    """Given an item whose page names a canonical URL, when another feed of the source lists that URL under
    another guid, then it is the same article."""
    server.serve("/page/quay-2", Reply(200, page(server), {"Content-Type": "text/html"}))
    first = server.serve("/ft/first", feed(rss(server, ("q-2", "/page/quay-2"))))
    poll_now(add(first, full_text="always", name="first"), producer)
    second = server.serve("/ft/second", feed(rss(server, ("other-guid", "/articles/quay-repairs"))))
    report = poll_now(add(second, full_text="never", name="second"), producer)
    assert report.joined == 1
    with session_scope() as session:
        assert session.scalars(select(Article.guid)).all() == ["q-2"]


def test_a_page_that_fails_keeps_the_summary_and_the_article_says_so(server: FeedServer, producer: Celery) -> None:
    server.serve("/page/paywalled", Reply(402, b"subscribe", {"Content-Type": "text/html"}))
    url = server.serve("/ft/paywall", feed(rss(server, ("q-3", "/page/paywalled"))))
    report = poll_now(add(url, full_text="auto"), producer)
    assert report.new == 1 and "full text not used (http_402" in report.notes[0]
    with session_scope() as session:
        payload = session.scalars(select(Submission.payload)).one()
        article_id = session.scalars(select(Article.id)).one()
    assert payload["body_html"] == "Repairs will take a month."
    from fastapi.testclient import TestClient

    from services.api import create_api, producer_app

    producer_app.cache_clear()
    with TestClient(create_api(relay=False)) as client:
        shown = client.get(f"/v1/articles/{article_id}").json()
    assert shown["text_from"].startswith("full text not used (http_402")


def test_never_fetches_no_page(server: FeedServer, producer: Celery) -> None:
    url = server.serve("/ft/never", feed(rss(server, ("q-4", "/page/never"))))
    poll_now(add(url, full_text="never"), producer)
    assert server.requests("/page/never") == []
