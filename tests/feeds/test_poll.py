"""Polling a feed from the local test server: items become articles once, edits become versions, politeness.

In-process against the embedded database (SQLite) and the local feed server; no workers needed, the items'
submissions and outbox events are rows the tests count.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from celery import Celery

from shared import state
from shared.celery import create_app
from shared.models import FeedState, utcnow
from tests.feeds.helpers import add, articles, feed, poll_now
from tests.feeds.server import FeedServer, Reply, fixture
from tests.feeds.server import feed as served

ITEM = ("<item><title>{title}</title><link>https://wire.example/{slug}</link><guid>{guid}</guid>"
        "<description>{text}</description></item>")
TEXT = ("The harbour authority said on Monday that ships would be turned away from the northern quay while divers "
        "inspect the damage left by the storm.")


def rss(*items: str, head: str = "") -> str:
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link>'
            f"<description>d</description>{head}{''.join(items)}</channel></rss>")


def item(guid: str, title: str = "Quay closed", slug: str | None = None, text: str = TEXT) -> str:
    return ITEM.format(title=title, slug=slug or guid, guid=guid, text=text)


@pytest.fixture()
def producer(feeds_db: dict[str, str]) -> Iterator[Celery]:
    app = create_app("feeds-tests")
    yield app
    app.close()


@pytest.mark.parametrize("name", ["rss091.xml", "rss10.xml", "rss20.xml", "atom.xml", "jsonfeed10.json",
                                  "jsonfeed11.json"])
def test_each_format_becomes_one_article_per_item(server: FeedServer, producer: Celery, name: str) -> None:
    """Given a feed in any format, when it is polled twice, then each item is one article with one submission."""
    url = server.serve(f"/formats/{name}", served(fixture(name), "application/feed+json"
                                                  if name.endswith(".json") else "application/xml"))
    feed_id = add(url, source=f"src-{name.split('.')[0]}")
    first = poll_now(feed_id, producer)
    assert first.outcome == "ok" and first.new == 2 if name != "jsonfeed11.json" else first.new == 1
    again = poll_now(feed_id, producer)
    assert again.outcome == "not_modified" and again.new == 0
    assert set(articles(f"src-{name.split('.')[0]}").values()) == {1}


def test_conditional_headers_are_sent_whenever_validators_exist(server: FeedServer, producer: Celery) -> None:
    url = server.serve("/conditional", served(rss(item("c-1"))))
    feed_id = add(url)
    poll_now(feed_id, producer)
    poll_now(feed_id, producer)
    first, second = server.requests("/conditional")
    assert "if-none-match" not in first.headers
    assert second.headers["if-none-match"] == feed(feed_id).etag
    assert second.headers["if-modified-since"] == "Tue, 01 Dec 2026 05:00:00 GMT"


def test_the_user_agent_names_the_deployment_and_a_contact_url(server: FeedServer, producer: Celery) -> None:
    url = server.serve("/agent", served(rss(item("a-1"))))
    poll_now(add(url), producer)
    agent = server.requests("/agent")[0].headers["user-agent"]
    assert agent.startswith("newsflow/") and "+https://ops.example/feeds" in agent and "newsflow-tests" in agent


def test_without_a_contact_url_the_user_agent_names_the_deployments_public_address(
        server: FeedServer, producer: Celery, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSFLOW_FEED_CONTACT_URL", raising=False)
    monkeypatch.setenv("NEWSFLOW_PUBLIC_URL", "https://news.example.org")
    state.reset()  # settings and the feed client read afresh
    url = server.serve("/agent-public", served(rss(item("a-1"))))
    poll_now(add(url), producer)
    assert "(+https://news.example.org; " in server.requests("/agent-public")[0].headers["user-agent"]


def test_new_items_over_time_become_new_articles(server: FeedServer, producer: Celery) -> None:
    url = server.serve("/growing", served(rss(item("g-1"))), served(rss(item("g-2", "Ferry cut"), item("g-1"))))
    feed_id = add(url)
    poll_now(feed_id, producer)
    report = poll_now(feed_id, producer)
    assert (report.new, report.unchanged) == (1, 1)
    assert articles() == {"g-1": 1, "g-2": 1}
    assert feed(feed_id).items_seen == 2


def test_an_edited_title_is_a_new_version_of_the_same_article(server: FeedServer, producer: Celery) -> None:
    url = server.serve("/edited", served(rss(item("e-1", "Quay closed"))),
                       served(rss(item("e-1", "Quay closed until Friday"))))
    feed_id = add(url)
    poll_now(feed_id, producer)
    report = poll_now(feed_id, producer)
    assert (report.new, report.edited) == (0, 1)
    assert articles() == {"e-1": 2}


def test_a_guid_that_changes_while_the_link_stays_is_the_same_article(server: FeedServer, producer: Celery) -> None:
    url = server.serve("/guids", served(rss(item("old-guid", slug="story"))),
                       served(rss(item("new-guid", slug="story"))))
    feed_id = add(url)
    poll_now(feed_id, producer)
    report = poll_now(feed_id, producer)
    assert (report.new, report.joined) == (0, 1)
    assert articles() == {"old-guid": 1}


def test_one_story_in_two_feeds_of_one_source_is_one_article(server: FeedServer, producer: Celery) -> None:
    """Given two feeds of one source listing one story (its own guid in each, the same link with tracking
    parameters in one), when both are polled, then there is one article."""
    one = server.serve("/two/a", served(rss(item("a-77", slug="shared-story"))))
    two = server.serve("/two/b", served(rss(item("b-12", slug="shared-story?utm_source=b", text=TEXT + " More."))))
    poll_now(add(one, name="feed-a"), producer)
    report = poll_now(add(two, name="feed-b"), producer)
    assert report.joined == 1 and articles() == {"a-77": 1}


def test_duplicate_guids_no_dates_future_dates_and_zone_less_dates(server: FeedServer, producer: Celery) -> None:
    """The edge-dates fixture: every item accepted once, the repeated guid's second listing counted as a repeat."""
    url = server.serve("/edges", served(fixture("edge-dates.xml")))
    report = poll_now(add(url), producer)
    assert (report.new, report.repeats, report.refused) == (4, 1, [])
    assert set(articles()) == {"https://edge.example/no-date", "edge-future", "edge-zoneless", "edge-dup"}


def test_a_changed_body_with_the_same_validators_is_read(server: FeedServer, producer: Celery) -> None:
    """Some servers send the same ETag for a changed feed: the body's hash tells."""
    headers = {"ETag": '"never-changes"', "Content-Type": "application/rss+xml"}
    url = server.serve("/liar", Reply(200, rss(item("l-1")).encode(), headers, validators=False),
                       Reply(200, rss(item("l-1")).encode(), headers, validators=False),
                       Reply(200, rss(item("l-2", "New"), item("l-1")).encode(), headers, validators=False))
    feed_id = add(url)
    poll_now(feed_id, producer)
    assert poll_now(feed_id, producer).outcome == "unchanged"
    assert poll_now(feed_id, producer).new == 1


def test_cache_control_max_age_puts_the_next_poll_off(server: FeedServer, producer: Celery) -> None:
    url = server.serve("/max-age", served(rss(item("m-1")), **{"Cache-Control": "public, max-age=3000"}))
    report = poll_now(add(url, interval="10m"), producer)
    assert report.next_poll_at is not None and report.next_poll_at - utcnow() > timedelta(seconds=2900)


def test_429_retry_after_is_honoured_for_the_feed_and_its_host(server: FeedServer, producer: Celery) -> None:
    """Given a 429 with Retry-After: 120, the next poll is no sooner, and no request of any feed of that host
    goes out before it (a poll now is put off without a request)."""
    url = server.serve("/busy", Reply(429, b"slow down", {"Retry-After": "120"}), served(rss(item("b-1"))))
    feed_id = add(url)
    report = poll_now(feed_id, producer)
    assert report.outcome == "error" and "http_429" in (report.error or "")
    assert report.next_poll_at is not None and report.next_poll_at - utcnow() >= timedelta(seconds=118)
    other = add(server.serve("/busy-other", served(rss(item("o-1")))), name="same-host")
    put_off = poll_now(other, producer)
    assert put_off.outcome == "error" and "host_busy" in (put_off.error or "")
    assert server.requests("/busy-other") == [] and len(server.requests("/busy")) == 1


def test_server_errors_back_off_and_a_feed_failing_long_enough_is_marked_failing(
        server: FeedServer, producer: Celery, configure) -> None:  # type: ignore[no-untyped-def]
    configure(feed_failing_after="0.2")
    url = server.serve("/broken", Reply(500, b"oops"))
    feed_id = add(url)
    first = poll_now(feed_id, producer)
    assert first.outcome == "error" and feed(feed_id).state == FeedState.ACTIVE
    import time
    time.sleep(0.25)
    poll_now(feed_id, producer)
    failing = feed(feed_id)
    assert failing.state == FeedState.FAILING and failing.error_kind == "http_500"
    assert failing.error_score == 2.0  # two soft errors


def test_a_slow_response_times_out_as_a_soft_error(server: FeedServer, producer: Celery, configure) -> None:  # type: ignore[no-untyped-def]
    configure(feed_timeout="0.3")
    url = server.serve("/slow", Reply(200, rss(item("s-1")).encode(), {"Content-Type": "application/rss+xml"},
                                      delay=1.0))
    report = poll_now(add(url), producer)
    assert report.outcome == "error" and (report.error or "").startswith("timeout")


def test_a_redirect_to_a_private_address_is_refused(server: FeedServer, producer: Celery) -> None:
    url = server.serve("/to-metadata", Reply(302, b"", {"Location": "http://169.254.169.254/latest/meta-data/"}))
    feed_id = add(url)
    report = poll_now(feed_id, producer)
    assert report.outcome == "error" and (report.error or "").startswith("ssrf")
    assert "169.254.169.254" in (report.error or "") and feed(feed_id).error_score == 3.0  # a hard error


def test_a_feed_over_the_size_cap_is_refused_not_read(server: FeedServer, producer: Celery) -> None:
    """A 20 MB feed (over the 10 MB default cap) is refused as too large, a hard error the feed shows."""
    big = rss(*(item(f"big-{n}", text=TEXT * 40) for n in range(4000))).encode()
    assert len(big) > 20 * 1024 * 1024
    feed_id = add(server.serve("/huge", served(big)))
    report = poll_now(feed_id, producer)
    assert report.outcome == "error" and (report.error or "").startswith("too_large")
    assert feed(feed_id).error_kind == "too_large" and articles() == {}


def test_a_feed_of_5000_items_is_taken_in_slices(server: FeedServer, producer: Celery, configure) -> None:  # type: ignore[no-untyped-def]
    """Given 5,000 new items and at most 50 new per poll, a poll takes 50, says 4,950 are left, and polls
    again soon without validators (so the rest are read again: feedparser takes seconds over 5,000 items, so
    one poll is all this test affords)."""
    configure(feed_max_new_items="50")
    url = server.serve("/five-thousand", served(rss(*(item(f"k-{n}", f"Story {n}") for n in range(5000)))))
    feed_id = add(url)
    report = poll_now(feed_id, producer)
    assert (report.new, report.left) == (50, 4950)
    state = feed(feed_id)
    assert state.etag is None and state.body_hash is None
    assert report.next_poll_at is not None and report.next_poll_at - utcnow() <= timedelta(seconds=151)
    assert len(articles()) == 50


def test_two_feeds_of_one_host_are_asked_at_least_the_host_gap_apart(
        server: FeedServer, producer: Celery, configure) -> None:  # type: ignore[no-untyped-def]
    configure(feed_host_gap="0.4")
    first = add(server.serve("/gap/one", served(rss(item("gap-1")))), name="gap-one")
    second = add(server.serve("/gap/two", served(rss(item("gap-2")))), name="gap-two")
    poll_now(first, producer)
    poll_now(second, producer)
    (one,), (two,) = server.requests("/gap/one"), server.requests("/gap/two")
    assert two.at - one.at >= 0.4 - 0.02
