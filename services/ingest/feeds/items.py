"""Feed items into the ingest path: which are new or edited, their submissions, and the keys they were seen under.

An item whose strongest key is known with the same content hash is seen again: nothing happens. Known with
another hash: an edit, submitted as a new version (dated when it was seen, so it is never taken for an older
version). Known only by a weaker key (its guid changed, another feed of the source carries it): the new key
joins the identity, and no article is made. Unknown: a new article.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.ingest.formats.submission import EARLIEST, Submission, build, language_code
from services.ingest.normalize import normalize
from shared.db import insert_new
from shared.models import FeedItem

from .document import Entry
from .identity import Keys, content_hash, keys_of

CHUNK = 500  # keys per IN (...) lookup


@dataclass(frozen=True)
class Candidate:
    """An item worth a look: its entry, keys, content hash, and what the database knew of it when read."""

    entry: Entry
    keys: Keys
    content_hash: str
    known_identity: str | None  # the identity any of its keys already has
    edited: bool  # its strongest key is known with another content hash
    page_keys: tuple[str, ...] = ()  # keys its page added (full text: the canonical URL)


def known(session: Session, source: str, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
    """key -> (identity, content hash) for the keys this source has seen."""
    wanted = sorted(set(keys))
    found: dict[str, tuple[str, str]] = {}
    for start in range(0, len(wanted), CHUNK):
        rows = session.execute(select(FeedItem.key, FeedItem.identity, FeedItem.content_hash).where(
            FeedItem.source == source, FeedItem.key.in_(wanted[start:start + CHUNK])))
        found |= {row.key: (row.identity, row.content_hash) for row in rows}
    return found


def sort_out(session: Session, source: str, entries: Sequence[Entry], feed_link: str | None
             ) -> tuple[list[Candidate], int, int]:
    """(candidates: new, edited or newly keyed items, in feed order; how many were seen unchanged; how many
    repeated an earlier item of the same feed, such as a duplicate guid)."""
    keyed = [(entry, keys_of(entry, feed_link)) for entry in entries]
    seen = known(session, source, (key for _, keys in keyed for key in keys.keys))
    candidates: list[Candidate] = []
    unchanged = repeats = 0
    taken: set[str] = set()
    for entry, keys in keyed:
        if taken.intersection(keys.keys):  # the feed lists this item twice: its first (newest) listing counts
            repeats += 1
            continue
        taken.update(keys.keys)
        digest = content_hash(entry)
        strongest = seen.get(keys.keys[0])
        if strongest is not None and strongest[1] == digest:
            unchanged += 1
            continue
        identity = next((seen[key][0] for key in keys.keys if key in seen), None)
        candidates.append(Candidate(entry, keys, digest, identity, edited=strongest is not None))
    return candidates, unchanged, repeats


def submission(candidate: Candidate, identity: str, source: str, now: datetime,
               page: Submission | None = None) -> Submission:
    """The item as a Submission (InvalidInput naming the field when it is no article)."""
    entry = candidate.entry
    body = entry.content or entry.summary or entry.title
    published = _date(entry.published or entry.updated)
    version = now if candidate.edited else _date(entry.updated or entry.published)
    parsed = build("item.", format="ninjs", guid=identity, uri=entry.link, source=source, headline=entry.title,
                   body_html=body, byline=entry.author, versioncreated=version, firstcreated=published,
                   language=_language(entry.language))
    if page is not None:  # the full text, with what the page says of itself where the item said nothing
        parsed = replace_fields(parsed, page)
    normalize(parsed)  # what the ingest worker would refuse is refused now
    return parsed


def replace_fields(parsed: Submission, page: Submission) -> Submission:
    return Submission.model_validate(parsed.model_dump() | {
        "format": page.format, "body_html": page.body_html, "body_text": page.body_text,
        "headline": parsed.headline or page.headline, "byline": parsed.byline or page.byline,
        "language": parsed.language or page.language, "firstcreated": parsed.firstcreated or page.firstcreated})


def remember(session: Session, source: str, feed_id: int, keys: Sequence[str], identity: str, digest: str,
             article_id: str | None, text_from: str | None = None) -> None:
    """Record every key the item was seen under; its content hash goes on the new keys and on the strongest.

    A weaker key shared with another feed's listing of the story (its link) keeps its first hash, so two feeds
    that summarise one story differently do not make a new version at every poll of each.
    """
    for key in keys:
        insert_new(session, FeedItem, {"source": source, "key": key, "identity": identity, "feed_id": feed_id,
                                       "content_hash": digest, "article_id": article_id, "text_from": text_from},
                   ["source", "key"], FeedItem.id)
    session.execute(update(FeedItem).where(FeedItem.source == source, FeedItem.key == keys[0])
                    .values(content_hash=digest))
    if text_from is not None:
        session.execute(update(FeedItem).where(FeedItem.source == source, FeedItem.key.in_(list(keys)))
                        .values(text_from=text_from))


def with_page_keys(candidate: Candidate, page_keys: Sequence[str]) -> Candidate:
    return replace(candidate, page_keys=tuple(key for key in page_keys if key not in candidate.keys.keys))


def _date(moment: datetime | None) -> datetime | None:
    return moment if moment is not None and moment >= EARLIEST else None


def _language(value: str | None) -> str | None:
    try:
        return language_code(value) if value else None
    except ValueError:  # "English", "x-klingon": the enrich worker guesses instead
        return None


def utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
