"""What the ingest service writes: accepted submissions (API side) and article versions (worker side).

Data functions take ``session`` and never commit: the caller's transaction does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import String, Table, any_, bindparam, func, insert, or_, select, text, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.ingest.dedup import identity
from services.ingest.formats.submission import Submission as Parsed
from services.ingest.normalize import NormalizedArticle, normalize
from shared import outbox
from shared.article_lock import lock_article, lock_articles
from shared.db import advisory_key, insert_new
from shared.errors import PoisonMessage, TransientError
from shared.logging import get_logger
from shared.messages import EnrichRequested, IngestRequested, PublishRequested
from shared.models import Article, ArticleStatus, ArticleVersion, OutboxEvent, Submission
from shared.models.base import new_id, utcnow
from shared.queues import ENRICH_TASK, INGEST_TASK, PUBLISH_TASK
from shared.settings import get_settings

DEFAULT_SOURCE = "default"
log = get_logger(__name__)
_TEXTS = postgresql.ARRAY(String)  # a list of strings as one PostgreSQL parameter


@dataclass(frozen=True)
class Acceptance:
    """The answer to one POSTed article: its id, and whether anything new was recorded."""

    article_id: str
    created: bool
    events: tuple[OutboxEvent, ...] = ()
    duplicate_of: str | None = None
    submission_id: str | None = None  # the new submission, when one was recorded


def _is_stale(session: Session, article: Article, parsed: Parsed) -> bool:
    """A version no newer than one we already have changes nothing."""
    if parsed.versioncreated is None:
        return False
    latest = session.scalar(
        select(func.max(Submission.versioncreated)).where(Submission.article_id == article.id)
    )
    if latest is None:
        return False
    if latest.tzinfo is None:  # SQLite hands datetimes back naive
        latest = latest.replace(tzinfo=parsed.versioncreated.tzinfo)
    return parsed.versioncreated <= latest


def _find(session: Session, source: str, guid: str, content_hash: str) -> str | None:
    """The id of this source's article with this guid, or else with this text."""
    found = session.scalar(select(Article.id).where(Article.source == source, Article.guid == guid))
    if found is not None:
        return found
    return session.scalar(
        select(Article.id).join(Submission, Submission.article_id == Article.id)
        .where(Submission.content_hash == content_hash, Article.source == source).limit(1)
    )


def _original(session: Session, source: str, content_hash: str) -> str | None:
    """The first article of another source that carried this text (itself, not one of its duplicates)."""
    first = session.execute(
        select(Article.id, Article.duplicate_of).join(Submission, Submission.article_id == Article.id)
        .where(Submission.content_hash == content_hash, Article.source != source)
        .order_by(Article.created_at, Article.id).limit(1)).one_or_none()
    return None if first is None else first.duplicate_of or first.id


def _repeats(session: Session, article: Article, parsed: Parsed, content_hash: str) -> bool:
    """Whether a submission adds nothing: the text and pubstatus the article has now, an earlier text sent again
    as no newer a version, or an older version.

    A change of pubstatus (a kill, a hold, a release) is never a repeat, whatever its text and date. An earlier
    text sent again as a newer version (a correction taken back: text 1, then 2, then 1 again, dated later) is
    the source's newest and becomes a version of its own (fresh-eyes finding: it was answered as a duplicate
    and the article kept text 2).
    """
    latest = session.execute(select(Submission.pubstatus, Submission.content_hash)
                             .where(Submission.article_id == article.id)
                             .order_by(Submission.received_at.desc(), Submission.id.desc()).limit(1)).first()
    if latest is not None and latest.pubstatus != parsed.pubstatus:
        return False
    if latest is not None and latest.content_hash == content_hash:
        return True  # what the article says now (a later date alone changes nothing)
    seen = session.scalar(select(Submission.id).where(
        Submission.article_id == article.id, Submission.content_hash == content_hash,
        Submission.pubstatus == parsed.pubstatus).limit(1))
    if seen is not None:
        return parsed.versioncreated is None or _is_stale(session, article, parsed)
    return parsed.pubstatus != "canceled" and _is_stale(session, article, parsed)


def accept(session: Session, parsed: Parsed, content_type: str, request_id: str | None, queue: bool = True
           ) -> Acceptance:
    """Record a submission and its ingest event, unless it repeats what this source already sent.

    ``queue=False`` leaves the event to the caller, who queues many acceptances at once (``queue_ingest``).
    """
    guid, content_hash = identity(parsed)
    source = parsed.source or DEFAULT_SOURCE
    lock_texts(session, [content_hash])
    found = _find(session, source, guid, content_hash)
    if found is None:
        duplicate_of = _original(session, source, content_hash)
        now = utcnow()
        listed = min(parsed.firstcreated, now) if parsed.firstcreated is not None else now
        made = insert_new(session, Article, {"source": source, "guid": guid, "headline": parsed.headline,
                                             "language": parsed.language, "duplicate_of": duplicate_of,
                                             "created_at": now, "listed_at": listed},
                          ["source", "guid"], Article.id)
        if made is not None:
            return _submit(session, made, duplicate_of, parsed, content_hash, content_type, request_id, queue)
        # A concurrent twin made it a moment ago (its insert was waited for): from here it is found like any.
        found = session.scalars(select(Article.id).where(Article.source == source, Article.guid == guid)).one()
    # Under the lock, two requests carrying the same text cannot both find it new.
    article = lock_article(session, found)
    if _repeats(session, article, parsed, content_hash):
        return Acceptance(article.id, created=False, duplicate_of=article.duplicate_of)
    return _submit(session, article.id, article.duplicate_of, parsed, content_hash, content_type, request_id, queue)


@dataclass(frozen=True)
class Offer:
    """One article offered for acceptance, with what its request says about it."""

    parsed: Parsed
    content_type: str
    request_id: str | None


def accept_many(session: Session, offers: Sequence[Offer]) -> list[Acceptance]:
    """``accept`` for many articles at once, in their order: set-based for the articles new to newsflow.

    Two reads find what is known already (by source and guid, and by text across sources); the new articles
    and their submissions are then written with one statement each. An article found, or one that repeats an
    earlier one of the same call (its guid or its text), takes ``accept``'s path after them, one by one in
    order; so does one a concurrent writer inserted in the meantime. Events are left to ``queue_ingest``.
    """
    keyed = [(offer, (offer.parsed.source or DEFAULT_SOURCE, *identity(offer.parsed))) for offer in offers]
    lock_texts(session, [digest for _, (_, _, digest) in keyed])
    known, texts = _known(session, [key for _, key in keyed])
    now = utcnow()
    fresh: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
    seen_pairs: set[tuple[str, str]] = set()
    seen_texts: set[str] = set()
    for index, (offer, (source, guid, digest)) in enumerate(keyed):
        repeat = (source, guid) in seen_pairs or digest in seen_texts
        seen_pairs.add((source, guid))
        seen_texts.add(digest)
        same_text = texts.get(digest, [])
        if repeat or (source, guid) in known or any(found_source == source for _, found_source, _ in same_text):
            continue
        original = next(((dup or found) for found, found_source, dup in same_text if found_source != source), None)
        fresh[index] = _rows(offer, source, guid, digest, original, now)
    made = _insert_new(session, list(fresh.values()))
    accepted: list[Acceptance] = []
    for index, (offer, _) in enumerate(keyed):
        if index in fresh and fresh[index][0]["id"] in made:
            article, submission = fresh[index]
            accepted.append(Acceptance(article["id"], created=True, duplicate_of=article["duplicate_of"],
                                       submission_id=submission["id"]))
        else:  # known, a repeat within the call, or inserted by a concurrent writer a moment ago
            accepted.append(accept(session, offer.parsed, offer.content_type, offer.request_id, queue=False))
    return accepted


def lock_texts(session: Session, digests: Sequence[str]) -> None:
    """Hold these texts until the transaction ends (PostgreSQL advisory locks, taken in one order): two requests
    carrying one text under different guids (two API processes, a keyed POST beside a group) cannot both find
    it new. SQLite writes one transaction at a time and needs none."""
    if not digests or session.get_bind().dialect.name != "postgresql":
        return
    keys = sorted({advisory_key("text", digest) for digest in digests})
    session.execute(text("SELECT pg_advisory_xact_lock(k) FROM (SELECT unnest(CAST(:keys AS bigint[])) AS k "
                         "ORDER BY k) AS held"), {"keys": keys})


def _known(session: Session, keys: Sequence[tuple[str, str, str]]
           ) -> tuple[set[tuple[str, str]], dict[str, list[tuple[str, str, str | None]]]]:
    """Of these (source, guid, content hash): the (source, guid) pairs stored already, and for each hash the
    articles that carried it (id, source, duplicate_of), oldest first."""
    pairs = list({(source, guid) for source, guid, _ in keys})
    digests = list({digest for _, _, digest in keys})
    if session.get_bind().dialect.name == "postgresql":
        # The keys travel as two arrays: one statement text for any number of them, which psycopg parses once
        # (an IN list of 400 placeholders is a new, long text for every size, parsed in Python every time).
        wanted = select(func.unnest(bindparam("sources", type_=_TEXTS)).label("source"),
                        func.unnest(bindparam("guids", type_=_TEXTS)).label("guid")).subquery()
        found = select(Article.source, Article.guid).join(
            wanted, (Article.source == wanted.c.source) & (Article.guid == wanted.c.guid))
        known = set(session.execute(found, {"sources": [source for source, _ in pairs],
                                            "guids": [guid for _, guid in pairs]}).tuples())
        by_text = Submission.content_hash == any_(bindparam("digests", type_=_TEXTS))
        params: dict[str, Any] = {"digests": digests}
    else:
        known = set(session.execute(select(Article.source, Article.guid)
                                    .where(tuple_(Article.source, Article.guid).in_(pairs))).tuples())
        by_text, params = Submission.content_hash.in_(digests), {}
    texts: dict[str, list[tuple[str, str, str | None]]] = {}
    for digest, article_id, source, duplicate_of in session.execute(
            select(Submission.content_hash, Article.id, Article.source, Article.duplicate_of)
            .join(Article, Submission.article_id == Article.id)
            .where(by_text).order_by(Article.created_at, Article.id), params).tuples():
        texts.setdefault(digest, []).append((article_id, source, duplicate_of))
    return known, texts


def _rows(offer: Offer, source: str, guid: str, digest: str, original: str | None, now: datetime
          ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The article row and submission row of an article new to newsflow."""
    parsed = offer.parsed
    article = {"id": new_id(), "source": source, "guid": guid, "headline": parsed.headline,
               "language": parsed.language, "duplicate_of": original, "created_at": now, "updated_at": now,
               "listed_at": min(parsed.firstcreated, now) if parsed.firstcreated is not None else now,
               "firstcreated": parsed.firstcreated}
    submission = {"id": new_id(), "article_id": article["id"], "content_hash": digest,
                  "content_type": offer.content_type, "pubstatus": parsed.pubstatus,
                  "payload": parsed.model_dump(mode="json"), "versioncreated": parsed.versioncreated,
                  "request_id": offer.request_id, "received_at": now}
    return article, submission


def _insert_new(session: Session, rows: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> set[str]:
    """Insert these articles (but any a concurrent writer made meanwhile) and their submissions: one statement
    each, Core on the tables (nothing is read back through the ORM). The ids of the articles inserted."""
    if not rows:
        return set()
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    articles = cast(Table, Article.__table__)
    # In one order for every writer (two API processes' groups inserting the same new guids wait, never deadlock).
    ordered = sorted((article for article, _ in rows), key=lambda article: (article["source"], article["guid"]))
    statement = dialect.insert(articles).on_conflict_do_nothing(index_elements=["source", "guid"])
    if dialect is postgresql:
        # Sent row by row in one pipeline (psycopg's executemany, the statement prepared once), then the rows that
        # went in read back by their ids: a multi-row VALUES with RETURNING is a new text of thousands of
        # placeholders for every size, which psycopg parsed in Python for a fifth of an NDJSON body's time.
        session.execute(statement, ordered)
        made = set(session.scalars(select(articles.c.id).where(
            articles.c.id == any_(bindparam("ids", type_=_TEXTS))), {"ids": [a["id"] for a in ordered]}))
    else:
        made = set(session.execute(statement.returning(articles.c.id), ordered).scalars())
    submissions = [submission for article, submission in rows if article["id"] in made]
    if submissions:
        session.execute(insert(cast(Table, Submission.__table__)), submissions)
    return made


def _submit(session: Session, article_id: str, duplicate_of: str | None, parsed: Parsed, content_hash: str,
            content_type: str, request_id: str | None, queue: bool) -> Acceptance:
    """A new submission of the article and its ingest event."""
    submission = Submission(article_id=article_id, content_hash=content_hash, content_type=content_type,
                            pubstatus=parsed.pubstatus, payload=parsed.model_dump(mode="json"),
                            versioncreated=parsed.versioncreated, request_id=request_id)
    session.add(submission)
    if parsed.firstcreated is not None:  # the earliest the source ever said it created the article
        # Synchronised by fetching, not by evaluating the WHERE in Python: SQLite hands the loaded article's
        # firstcreated back without its zone, and comparing it with an aware one raised (fresh-eyes finding:
        # every edited feed item, and every later ninjs version with firstcreated, failed on the embedded default).
        session.execute(update(Article).where(Article.id == article_id).where(
            or_(Article.firstcreated.is_(None), Article.firstcreated > parsed.firstcreated))
            .values(firstcreated=parsed.firstcreated).execution_options(synchronize_session="fetch"))
    session.flush()
    if not queue:
        return Acceptance(article_id, created=True, duplicate_of=duplicate_of, submission_id=submission.id)
    event = outbox.add_task(session, INGEST_TASK, IngestRequested.of([submission.id]))
    session.flush()
    return Acceptance(article_id, created=True, events=(event,), duplicate_of=duplicate_of,
                      submission_id=submission.id)


def queue_ingest(session: Session, accepted: Sequence[Acceptance]) -> list[OutboxEvent]:
    """The ingest events of many acceptances (an NDJSON body, a feed's poll): one message per batch of
    ``NEWSFLOW_BATCH_SIZE`` submissions, the single-id message when there is one."""
    ids = [acceptance.submission_id for acceptance in accepted if acceptance.submission_id]
    size = get_settings().batch_size
    events = [outbox.add_task(session, INGEST_TASK, IngestRequested.of(ids[start:start + size]))
              for start in range(0, len(ids), size)]
    session.flush()
    return events


def ingest_submission(session: Session, submission_id: str) -> list[OutboxEvent]:
    """Normalise a submission into a new article version and queue its next stage (once)."""
    return ingest_submissions(session, [submission_id])


def ingest_submissions(session: Session, submission_ids: Sequence[str]) -> list[OutboxEvent]:
    """Normalise submissions into new article versions and queue their next stages: one message per stage for
    the whole batch. A submission already made into a version (a redelivered message) adds nothing."""
    found = {s.id: s for s in session.scalars(select(Submission).where(Submission.id.in_(list(submission_ids))))}
    if missing := [i for i in submission_ids if i not in found]:
        raise PoisonMessage(f"submission {missing[0]} does not exist")
    # Normalising is the slow part and needs no lock (on SQLite the lock is the whole database's write lock).
    work = [(found[i], *_normalised(found[i])) for i in dict.fromkeys(submission_ids)]
    # Articles are locked in one order by every batch (no deadlock), an article's submissions in arrival order.
    work.sort(key=lambda item: (item[0].article_id, item[0].received_at, item[0].id))
    # The articles locked in one statement, and which of them have versions already. An article's first
    # version, when the batch holds one submission of it (a new article, the usual case), needs no numbering
    # read and no order check: it is version 1 and current. The rest are numbered one by one (_version).
    articles = lock_articles(session, [submission.article_id for submission, _, _ in work])
    versioned = set(session.scalars(select(ArticleVersion.article_id).distinct()
                                    .where(ArticleVersion.article_id.in_(list(articles)))))
    per_article = Counter(submission.article_id for submission, _, _ in work)
    to_enrich: list[str] = []
    to_publish: list[str] = []
    for submission, parsed, article_text in work:
        article = articles.get(submission.article_id)
        if article is not None and article.id not in versioned and per_article[article.id] == 1:
            version: ArticleVersion | None = _current(article, _new_version(session, article, submission,
                                                                             article_text, 1))
        else:
            version = _version(session, submission, parsed, article_text, article)
        if version is not None:
            (to_publish if version.pubstatus == "canceled" else to_enrich).append(version.id)
    try:
        session.flush()
    except IntegrityError as exc:  # another worker numbered a first version meanwhile: the batch is tried again
        raise TransientError(f"a first version was taken: {exc.orig}") from exc
    events = [outbox.add_task(session, ENRICH_TASK, EnrichRequested.of(to_enrich))] if to_enrich else []
    if to_publish:
        events.append(outbox.add_task(session, PUBLISH_TASK, PublishRequested.of(to_publish)))
    return events


def _normalised(submission: Submission) -> tuple[Parsed, NormalizedArticle]:
    parsed = Parsed.model_validate(submission.payload)
    return parsed, normalize(parsed)


def _version(session: Session, submission: Submission, parsed: Parsed, article_text: NormalizedArticle,
             article: Article | None = None) -> ArticleVersion | None:
    """The submission's new version, numbered under its article's lock (taken here unless ``article`` is the
    locked article already); None when it exists already."""
    # Numbering reads the highest number and writes the next: one worker at a time per article.
    if article is None:
        article = lock_article(session, submission.article_id)
    latest, already = session.execute(
        select(func.max(ArticleVersion.number), func.count().filter(ArticleVersion.submission_id == submission.id))
        .where(ArticleVersion.article_id == article.id)).one()
    if already:
        return None  # a redelivered message: the version and its event already exist
    # Workers may take an article's submissions out of the source's order (a backlog worked in batches,
    # parallel threads): a version made after a newer one is kept, but never becomes the current one.
    overtaken = _overtaken(session, article.id, submission)
    number = (latest or 0) + 1
    if parsed.pubstatus == "canceled" and article.current_version_id:
        version = _withdrawal(session, article, submission, number)
    else:
        version = _new_version(session, article, submission, article_text, number)
    try:
        session.flush()
    except IntegrityError as exc:  # the unique (article, number) caught what the lock should have: try again
        raise TransientError(f"version {number} of article {article.id} was taken: {exc.orig}") from exc
    if overtaken:
        log.info("ingest.overtaken", article_id=article.id, version_id=version.id, number=number)
        return version  # kept as a version, not current: the publish stage passes over it (superseded)
    return _current(article, version)


def _current(article: Article, version: ArticleVersion) -> ArticleVersion:
    """The version made the article's current one."""
    article.current_version_id = version.id
    article.pubstatus = version.pubstatus
    article.headline, article.language = version.headline, version.language
    if article.status == ArticleStatus.HELD:
        article.status = ArticleStatus.RECEIVED  # moving again: the reconciler may re-drive it
    return version


def _overtaken(session: Session, article_id: str, submission: Submission) -> bool:
    """Whether a version was made already from a newer submission of the article: newer by ``versioncreated``
    when both carry one, else received later. The order the source gave decides, never the order of work."""
    newer = Submission.received_at > submission.received_at
    if submission.versioncreated is not None:
        dated = Submission.versioncreated.is_not(None)
        newer = or_(dated & (Submission.versioncreated > submission.versioncreated),
                    dated & (Submission.versioncreated == submission.versioncreated) & newer,
                    Submission.versioncreated.is_(None) & newer)
    return session.scalar(select(Submission.id).join(ArticleVersion, ArticleVersion.submission_id == Submission.id)
                          .where(Submission.article_id == article_id, newer).limit(1)) is not None


def _new_version(session: Session, article: Article, submission: Submission, article_text: NormalizedArticle,
                 number: int) -> ArticleVersion:
    version = ArticleVersion(
        id=new_id(), article_id=article.id, submission_id=submission.id, number=number,
        headline=article_text.headline, body_text=article_text.body_text, body_html=article_text.body_html,
        summary=article_text.summary, byline=article_text.byline, dateline=article_text.dateline,
        captions=list(article_text.captions), alternate_urls=list(article_text.alternate_urls),
        language=article_text.language, located=article_text.located, pubstatus=submission.pubstatus,
        versioncreated=article_text.versioncreated,
    )
    session.add(version)
    return version


def _withdrawal(session: Session, article: Article, submission: Submission, number: int) -> ArticleVersion:
    """A kill notice: a version that repeats the current text with pubstatus canceled."""
    current = session.get_one(ArticleVersion, article.current_version_id)
    version = ArticleVersion(
        article_id=article.id, submission_id=submission.id, number=number,
        headline=current.headline, body_text=current.body_text, body_html=current.body_html,
        summary=current.summary, byline=current.byline, dateline=current.dateline, captions=current.captions,
        alternate_urls=current.alternate_urls, language=current.language, located=current.located,
        pubstatus="canceled", versioncreated=submission.versioncreated, enrichment=current.enrichment,
    )
    session.add(version)
    return version
