"""One poll of one feed: fetch it politely, read it, hand its new and edited items to ingest, schedule the next.

The network is used outside any transaction; what the poll found is written in one transaction together with
the items' submissions and outbox events, and only if this poller still holds the feed's claim (a poller whose
claim expired, because it was thought dead, writes nothing). So a poll killed half-way is simply done again.
"""

from __future__ import annotations

import hashlib
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
import structlog
from celery import Celery
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from services.ingest.store import Acceptance, accept, queue_ingest
from shared.db import advisory_key, get_engine, session_scope
from shared.errors import FetchFailed, InvalidInput, NotFound
from shared.logging import get_logger
from shared.models import Feed, FeedState, OutboxEvent, utcnow
from shared.outbox import flush
from shared.settings import get_settings

from . import fetch, fulltext, hosts, items, measures, schedule
from .document import Document, read

log = get_logger(__name__)
CONTENT_TYPE = "application/x-newsflow-feed-item"  # a submission's content type when it came from a feed


@dataclass
class Report:
    """What one poll found, as `newsflow feeds poll` prints it."""

    feed: str
    outcome: str = "ok"  # ok, not_modified, unchanged, error, claim_lost
    new: int = 0
    edited: int = 0
    unchanged: int = 0
    repeats: int = 0
    joined: int = 0  # items known under another key (a changed guid, another feed of the source)
    left: int = 0  # over NEWSFLOW_FEED_MAX_NEW_ITEMS: taken at the next poll
    refused: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    next_poll_at: datetime | None = None
    article_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class View:
    """The feed as the poll starts: read in a short transaction, before the network is used."""

    id: int
    name: str
    url: str
    host: str
    source: str
    full_text: str
    interval_s: float
    current_interval_s: float
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    claim_token: str | None


def bounds(feed_interval: float) -> schedule.Bounds:
    """The adaptive interval stays within a quarter and eight times what the operator asked, and the settings."""
    settings = get_settings()
    return schedule.Bounds(max(settings.feed_min_interval, feed_interval / 4),
                           min(settings.feed_max_interval, feed_interval * 8),
                           settings.feed_backoff_max, settings.feed_retry_after_cap)


def poll(feed_id: int, producer: Celery, token: str | None = None, http: httpx.Client | None = None) -> Report:
    """Poll the feed once (as the holder of claim ``token``, or unclaimed: `newsflow feeds poll`)."""
    view = _view(feed_id)
    structlog.contextvars.bind_contextvars(feed_id=view.id)
    report = Report(view.name)
    if token is not None and view.claim_token != token:  # a late message of a poller thought dead: no request
        report.outcome = "claim_lost"
        return report
    try:
        with nullcontext(http or fetch.shared_client()) as client:
            answer = fetch.get(client, view.url, view.etag, view.last_modified)
            digest = hashlib.sha256(answer.body).hexdigest() if answer.status == 200 else view.body_hash
            document = None
            if answer.status == 200 and digest != view.body_hash:
                document = _read(answer)
                candidates, report.unchanged, report.repeats = _sort_out(view, document)
                settings = get_settings()
                chosen, report.left = candidates[:settings.feed_max_new_items], max(
                    len(candidates) - settings.feed_max_new_items, 0)
                pages = fulltext.pages(client, view.full_text, chosen, report.notes)
            else:
                report.outcome = "not_modified" if answer.status == 304 else "unchanged"
                chosen, pages = [], {}
    except FetchFailed as failure:
        return _failed(view, token, failure, report)
    events: list[OutboxEvent] = []
    with session_scope() as session:
        feed = _owned(session, view.id, token)
        if feed is None:
            report.outcome = "claim_lost"
            return report
        if chosen:
            events = _accept(session, view, chosen, pages, report)
        _succeeded(feed, answer, document, digest, report)
    flush(producer, events)
    measures.polled(view.id, report.outcome, {"new": report.new, "edited": report.edited,
                                              "refused": len(report.refused), "joined": report.joined})
    log.info("feed.polled", feed_id=view.id, feed=view.name, outcome=report.outcome, new=report.new,
             edited=report.edited, unchanged=report.unchanged, refused=len(report.refused), left=report.left)
    return report


def _view(feed_id: int) -> View:
    with session_scope() as session:
        feed = session.get(Feed, feed_id)
        if feed is None:
            raise NotFound(f"no feed with id {feed_id}")
        return View(feed.id, feed.name, feed.url, feed.host, feed.source, feed.full_text, feed.interval_s,
                    feed.current_interval_s, feed.etag, feed.last_modified, feed.body_hash, feed.claim_token)


def _read(answer: fetch.Answer) -> Document:
    try:
        return read(answer.body, answer.content_type)
    except InvalidInput as exc:
        raise FetchFailed("parse", f"{answer.url}: {exc.reason}", soft=False) from None


def _sort_out(view: View, document: Document) -> tuple[list[items.Candidate], int, int]:
    with session_scope() as session:
        return items.sort_out(session, view.source, document.entries, document.link)


def _owned(session: Session, feed_id: int, token: str | None) -> Feed | None:
    """The feed, locked, if this poller may write it: it holds the claim, or it polls unclaimed."""
    query = select(Feed).where(Feed.id == feed_id)
    if token is not None:
        query = query.where(Feed.claim_token == token)
    if get_engine().dialect.name == "postgresql":
        query = query.with_for_update()
    return session.scalar(query)


def _accept(session: Session, view: View, chosen: list[items.Candidate],
            pages: dict[int, fulltext.Page | str], report: Report) -> list[OutboxEvent]:
    accepted: list[Acceptance] = []
    now = utcnow()
    if get_engine().dialect.name == "postgresql":
        # One writer per source at a time: two feeds of the source carrying one new story under different
        # guids, polled at once, must not both find its keys unknown (SQLite has one writer anyway).
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": advisory_key("feed-source", view.source)})
    for index, candidate in enumerate(chosen):
        fetched = pages.get(index)
        page = fetched if isinstance(fetched, fulltext.Page) else None
        text_from = "page" if page else fetched if isinstance(fetched, str) else "feed"
        keys = [*candidate.keys.keys, *(page.keys if page else ())]
        seen = items.known(session, view.source, keys)
        identity = next((seen[key][0] for key in keys if key in seen), candidate.keys.identity)
        if not candidate.edited and seen:  # the same story under a new key: one article, no new version
            items.remember(session, view.source, view.id, keys, identity, candidate.content_hash, None)
            report.joined += 1
            continue
        try:
            parsed = items.submission(candidate, identity, view.source, now, page.submission if page else None)
        except InvalidInput as exc:  # kept as seen, so it is not refused again at every poll; said, not dropped
            report.refused.append(f"{candidate.entry.link or candidate.keys.identity}: {exc.field}: {exc.reason}")
            log.warning("feed.item_refused", feed_id=view.id, feed=view.name, item=candidate.keys.identity,
                        field=exc.field, reason=exc.reason)
            items.remember(session, view.source, view.id, keys, identity, candidate.content_hash, None)
            continue
        acceptance = accept(session, parsed, CONTENT_TYPE, None, queue=False)
        accepted.append(acceptance)
        items.remember(session, view.source, view.id, keys, identity, candidate.content_hash, acceptance.article_id,
                       text_from)
        if acceptance.created:
            report.article_ids.append(acceptance.article_id)
            if candidate.edited:
                report.edited += 1
            else:
                report.new += 1
            measures.item_lag(view.id, candidate.entry.published, now)
    return queue_ingest(session, accepted)


def _release(feed: Feed, now: datetime, wait: float) -> None:
    feed.last_polled_at = now
    feed.next_poll_at = now + timedelta(seconds=wait)
    feed.claim_token = None
    feed.claimed_until = None


def _succeeded(feed: Feed, answer: fetch.Answer, document: Document | None, digest: str | None,
               report: Report) -> None:
    now = utcnow()
    limits = bounds(feed.interval_s)
    total = len(document.entries) if document is not None else 0
    feed.current_interval_s = schedule.adapted(feed.current_interval_s, report.new, total, limits)
    wait = schedule.after_success(feed.current_interval_s, [answer.max_age, document.ttl_s if document else None],
                                  limits)
    if report.left:  # more new items than one poll takes: the rest soon, and the body read again
        wait, digest = limits.min_interval, None
    else:
        feed.etag = answer.etag or (feed.etag if answer.status == 304 else None)
        feed.last_modified = answer.last_modified or (feed.last_modified if answer.status == 304 else None)
    feed.body_hash = digest
    feed.items_seen += report.new
    feed.last_success_at = now
    feed.error_score = 0.0
    feed.failing_since = None
    feed.error_kind = None
    _release(feed, now, wait)
    report.next_poll_at = feed.next_poll_at


def _failed(view: View, token: str | None, failure: FetchFailed, report: Report) -> Report:
    settings = get_settings()
    now = utcnow()
    report.outcome, report.error = "error", str(failure)
    with session_scope() as session:
        feed = _owned(session, view.id, token)
        if feed is None:
            report.outcome = "claim_lost"
            return report
        if failure.kind != "host_busy":  # waiting for a host's turn is no fault of the feed
            feed.error_score += schedule.weight(failure.soft)
            feed.failing_since = feed.failing_since or now
            feed.last_error, feed.last_error_at, feed.error_kind = str(failure), now, failure.kind
        wait = schedule.after_error(feed.current_interval_s, feed.error_score, failure.retry_after,
                                    bounds(feed.interval_s))
        if failure.kind == "host_busy":  # back as soon as the host is free again
            wait = failure.retry_after or settings.feed_host_gap
        since = items.utc(feed.failing_since) if feed.failing_since is not None else None
        if since is not None and (now - since).total_seconds() >= settings.feed_failing_after:
            feed.state = FeedState.FAILING
        _release(feed, now, wait)
        report.next_poll_at = feed.next_poll_at
    if failure.retry_after is not None and failure.kind != "host_busy":
        hosts.hold(view.host, now + timedelta(seconds=min(failure.retry_after, settings.feed_retry_after_cap)))
    measures.failed(view.id, failure.kind)
    log.warning("feed.poll_failed", feed_id=view.id, feed=view.name, kind=failure.kind, soft=failure.soft,
                error=failure.reason, next_poll_at=report.next_poll_at.isoformat() if report.next_poll_at else None)
    return report
