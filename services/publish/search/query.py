"""The one query builder: a search's filters as a SQLAlchemy Core selection, and its pages in keyset order.

Every filter is an indexed condition on the article, its current version or the places and entities that
version mentions (the mention table's place and entity indexes); only full-text matching differs between the
engines (engines.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Select,
    and_,
    case,
    column,
    false,
    func,
    literal,
    select,
    table,
    tuple_,
    type_coerce,
)
from sqlalchemy.orm import Session

from services.publish.search import engines, places
from services.publish.search.cursor import Bound, Cursor
from services.publish.search.filters import Filters
from shared.known import aware
from shared.models import Article, ArticleStatus, ArticleVersion, Entity, Mention

# The date an article is listed under: its source's firstcreated with its first version, else its arrival; set
# once, so a cursor's position never moves under an article (indexed as ix_article_listed; Article.listed_at).
DATED: ColumnElement[datetime] = type_coerce(Article.listed_at, DateTime(timezone=True))
HIDDEN_PUBSTATUS = ("canceled", "withheld")
# article_version's PostgreSQL-only columns (migrations 0008 and 0012), as the versions a window's positions
# come from
CANDIDATE = table("article_version", column("listed_at", DateTime(timezone=True)), column("article_id"),
                  column("search_vector")).alias("candidate")
MAX_LIMIT = 100


@dataclass(frozen=True)
class Selection:
    """The filtered articles (joined with their current version) and, with words to find, their rank."""

    query: Select[Any]
    rank: ColumnElement[float] | None
    rank_after_limit: bool = False  # PostgreSQL: rank only the rows a window keeps (see window)
    # PostgreSQL, words and nothing else: the matching versions' positions, found without their articles
    version_match: ColumnElement[bool] | None = None


def selection(session: Session, filters: Filters, as_of: datetime | None = None) -> Selection:
    """The articles the filters choose, with their current version; nothing ordered or limited yet (ranked,
    with words, by the versions current at ``as_of`` when given: see engines.matching)."""
    # One join condition: joining on article_id as well made PostgreSQL multiply two selectivities of what is
    # one fact, expect a single row, and hash-join both tables whole (2.6 s instead of 47 ms at 100,000).
    query = select(Article.id).select_from(Article).where(Article.status == filters.status)
    # An article whose first version is still being read (status received, no version yet) has nothing to
    # search or show: listing it crashed the page that then read its version (found by a test of this file).
    query = query.where(Article.current_version_id.is_not(None))
    if filters.language is not None or filters.terms is not None:  # only then: the page's rows join it later
        query = query.join(ArticleVersion, ArticleVersion.id == Article.current_version_id)
    if filters.status == ArticleStatus.PUBLISHED:  # a withdrawn story leaves search as it leaves the feeds
        query = query.where(Article.pubstatus.not_in(HIDDEN_PUBSTATUS))
    query = query.where(*_article_conditions(filters), *_mention_conditions(session, filters))
    rank = None
    version_match = None
    if filters.terms is not None:
        query, rank = engines.matching(session, query, filters.terms, as_of)
        if engines.is_postgresql(session) and _only_words(filters):
            version_match = engines.vector_match(CANDIDATE.c.search_vector, filters.terms)
    return Selection(query, rank, engines.is_postgresql(session), version_match)


def _only_words(filters: Filters) -> bool:
    """Whether the search is words alone (over published articles): then a window's positions can come from
    the matching versions alone. With other filters most of them would not be listed, and windows would be few."""
    return filters.status == ArticleStatus.PUBLISHED and replace(filters, terms=None, sort="newest") == Filters()


def _article_conditions(filters: Filters) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if filters.source is not None:
        found.append(Article.source == filters.source)
    if filters.focus_country is not None:
        found.append(Article.country_code == filters.focus_country)
    if filters.language is not None:
        found.append(func.lower(ArticleVersion.language) == filters.language)
    if filters.since is not None:
        found.append(DATED >= filters.since)
    if filters.until is not None:
        found.append(DATED < filters.until)
    if filters.updated_since is not None:
        found.append(Article.updated_at >= filters.updated_since)
    return found


def _mentioning_place(ids: Any) -> ColumnElement[bool]:
    if isinstance(ids, list) and not ids:
        return false()
    # On the article's column, not the version's: the planner can then find the articles without the version.
    return Article.current_version_id.in_(select(Mention.version_id).where(Mention.place_geonameid.in_(ids)))


def _mention_conditions(session: Session, filters: Filters) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if filters.place is not None:
        found.append(_mentioning_place(places.with_contained(session, filters.place) if filters.contained
                                       else [filters.place]))
    if filters.near is not None:
        found.append(_mentioning_place(places.within(session, filters.near)))
    if filters.bbox is not None:
        found.append(_mentioning_place(places.in_box(filters.bbox)))
    if filters.country is not None:
        found.append(_mentioning_place(places.in_country(filters.country)))
    if filters.entity is not None:
        # The ids first, as values: the planner then knows from its statistics how often this entity is
        # mentioned (a wire's own name in thousands of stories is best found walking the newest articles; a
        # subquery left it guessing 209 and joining all 4,826 versions naming "AP" before sorting them).
        entity_ids = [filters.entity] if isinstance(filters.entity, int) else list(session.scalars(
            select(Entity.id).where(func.lower(Entity.name) == filters.entity.lower())))
        found.append(Article.current_version_id.in_(select(Mention.version_id)
                                                    .where(Mention.entity_id.in_(entity_ids)))
                     if entity_ids else false())
    return found


def page_query(chosen: Selection, limit: int, after: Cursor | None) -> Select[Any]:
    """(date, id) of one page of the selection in newest order, after the cursor; ``limit`` rows at most."""
    query = chosen.query.with_only_columns(Article.id, DATED.label("sort_key"))
    if after is not None:
        query = query.where(_before(DATED, (aware(after.key), after.article_id)))  # type: ignore[arg-type]
    return query.order_by(DATED.desc(), Article.id.desc()).limit(limit)


def rows_of(article_ids: list[str], columns: list[Any]) -> Select[Any]:
    """The page's columns of these articles (with their current version), found by id."""
    return (select(*columns, DATED.label("sort_key")).select_from(Article)
            .join(ArticleVersion, ArticleVersion.id == Article.current_version_id).where(Article.id.in_(article_ids)))


def _before(dated: ColumnElement[datetime], bound: Bound) -> ColumnElement[bool]:
    return tuple_(dated, Article.id) < tuple_(literal(bound[0], DateTime(timezone=True)), literal(bound[1]))


def window(chosen: Selection, upper: Bound | None, lower: Bound | None, size: int) -> Select[Any]:
    """(date, id, score) of the matches after ``upper`` in newest order: down to ``lower`` (inclusive) when the
    window is known, else the next ``size`` of them (the window's end is the last one)."""
    assert chosen.rank is not None, "relevance needs words to rank by"
    if chosen.version_match is not None:
        return _window_of_versions(chosen, upper, lower, size)
    if chosen.rank_after_limit:
        # The window's rows first, then their rank: ranking in the same step ranked every match before the
        # sort kept 200 (ts_rank over a phrase's 2,800 vectors was most of the query's time).
        keys = chosen.query.with_only_columns(DATED.label("dated"), Article.id.label("id"),
                                              Article.current_version_id.label("version_id"))
        kept = _within(keys, upper, lower, size).subquery("kept")
        return (select(kept.c.dated, kept.c.id, chosen.rank.label("score")).select_from(kept)
                .join(ArticleVersion, ArticleVersion.id == kept.c.version_id))
    query = chosen.query.with_only_columns(DATED.label("dated"), Article.id, chosen.rank.label("score"))
    return _within(query, upper, lower, size)


def _window_of_versions(chosen: Selection, upper: Bound | None, lower: Bound | None, size: int) -> Select[Any]:
    """A window whose positions come from the matching versions (each carries its article's listing date,
    migration 0012), then joined to their articles: (date, id, score), score None where the position's
    article is not listed (not published, withdrawn, or its current version no longer matches).

    A phrase's thousands of matches are sorted by the versions' dates without visiting an article each, and
    only the window's positions are joined: the window is still the same range of (date, id) positions, its
    listed matches the same articles as the other path finds (every listed match's current version is a
    matching version at the same position)."""
    assert chosen.rank is not None and chosen.version_match is not None
    dated, article_id = CANDIDATE.c.listed_at, CANDIDATE.c.article_id
    positions = select(dated.label("dated"), article_id.label("id")).where(chosen.version_match).distinct()
    if upper is not None:
        positions = positions.where(tuple_(dated, article_id) < tuple_(
            literal(upper[0], DateTime(timezone=True)), literal(upper[1])))
    if lower is not None:
        positions = positions.where(tuple_(dated, article_id) >= tuple_(
            literal(lower[0], DateTime(timezone=True)), literal(lower[1])))
    else:
        positions = positions.order_by(dated.desc(), article_id.desc()).limit(size)
    kept = positions.subquery("kept")
    listed = and_(Article.id == kept.c.id, Article.status == ArticleStatus.PUBLISHED,
                  Article.pubstatus.not_in(HIDDEN_PUBSTATUS), Article.current_version_id.is_not(None))
    current = and_(ArticleVersion.id == Article.current_version_id, chosen.query.whereclause)  # type: ignore[arg-type]
    return (select(kept.c.dated, kept.c.id, case((ArticleVersion.id.is_not(None), chosen.rank)).label("score"))
            .select_from(kept).outerjoin(Article, listed).outerjoin(ArticleVersion, current)
            .order_by(kept.c.dated.desc(), kept.c.id.desc()))


def _within(query: Select[Any], upper: Bound | None, lower: Bound | None, size: int) -> Select[Any]:
    """The query's rows after ``upper`` in newest order: down to ``lower`` when known, else the next ``size``."""
    if upper is not None:
        query = query.where(_before(DATED, upper))
    if lower is not None:
        return query.where(tuple_(DATED, Article.id) >= tuple_(literal(lower[0], DateTime(timezone=True)),
                                                               literal(lower[1])))
    return query.order_by(DATED.desc(), Article.id.desc()).limit(size)


def chosen_rows(chosen: Selection, article_ids: list[str], columns: list[Any]) -> Select[Any]:
    """The page's columns (and score) of these articles of the selection."""
    assert chosen.rank is not None, "relevance needs words to rank by"
    return chosen.query.with_only_columns(*columns, chosen.rank.label("sort_key")).where(Article.id.in_(article_ids))


def newest_cursor(row: Any, query: str) -> Cursor:
    """The cursor that continues after this row of a newest page of the search ``query`` fingerprints."""
    return Cursor("newest", aware(row.sort_key), row.id, query=query)
