"""What differs between the two engines: full-text matching, ranking and snippets.

PostgreSQL matches ``article_version.search_vector`` (headline weighted A over body B, GIN-indexed) against
``websearch_to_tsquery`` and ranks with ``ts_rank``; SQLite matches the FTS5 table ``article_search`` and ranks
by the matches FTS5 marks (headline weighted 4 to the body's 1). Both ranks read one article alone, so a
relevance cursor stays valid while articles arrive. Both read the same `Terms` (syntax.py), so the same query
finds the same articles; snippets mark matched words with ``<mark>`` in HTML-escaped text.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    and_,
    case,
    cast,
    func,
    literal_column,
    select,
    table,
    text,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import DOUBLE_PRECISION
from sqlalchemy.orm import Session, aliased

from services.publish.search.syntax import Terms
from shared.models import ArticleVersion

OPEN, CLOSE = "\u27ea", "\u27eb"  # what engines mark matches with, before the text is escaped
_CONFIG: ColumnElement[Any] = literal_column("'english'::regconfig")
_VECTOR: ColumnElement[Any] = literal_column("article_version.search_vector")
_FTS = table("article_search", literal_column("version_id"))  # type: ignore[arg-type]
_FTS_NAME: ColumnElement[Any] = literal_column("article_search")
_LEXEME = re.compile(r"(?<!!)'((?:[^']|'')+)'")  # a lexeme in querytree's text, not one negated with !
PASSAGE, PASSAGE_BEFORE = 1500, 300  # characters of the body snippets are made from, and before the first match
_HEADLINE_OPTIONS = f"StartSel={OPEN}, StopSel={CLOSE}, MaxWords=30, MinWords=12, MaxFragments=2, " \
                    "FragmentDelimiter=\" … \""


def is_postgresql(session: Session) -> bool:
    """Whether the session talks to PostgreSQL (else SQLite)."""
    return session.get_bind().dialect.name == "postgresql"


def plan_each_search(session: Session) -> None:
    """Have PostgreSQL plan this transaction's statements for their values, every time.

    psycopg prepares a statement it has run five times, and PostgreSQL may then settle on a generic plan made
    without the values; a search's best plan depends on them (a common word is best found walking the
    newest articles, a rare one through the GIN index), and the generic one took "government" from 40 to
    230 ms after the tenth search (seen in the search benchmark). Planning costs a fraction of a millisecond.
    """
    if is_postgresql(session):
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


def _tsquery(terms: Terms) -> ColumnElement[Any]:
    parts = [func.websearch_to_tsquery(_CONFIG, part) for part in terms.websearch()]
    return functools.reduce(lambda left, right: left.op("&&")(right), parts)


def vector_match(vector: ColumnElement[Any], terms: Terms) -> ColumnElement[bool]:
    """PostgreSQL: whether a version's search vector (of any alias) matches the words."""
    return vector.op("@@")(_tsquery(terms))


def matching(session: Session, query: Select[Any], terms: Terms, as_of: datetime | None = None
             ) -> tuple[Select[Any], ColumnElement[float]]:
    """The query narrowed to versions whose headline or body match, and the rank (higher is better).

    With ``as_of``, an article whose current version came later is ranked by the version it had then (when
    it had one): a relevance walk begun at ``as_of`` keeps every article at the score it was paged by."""
    if is_postgresql(session):
        tsquery, ranked_by = _tsquery(terms), _tsquery(terms.wanted())
        # ts_rank is a float4, whose text form does not round-trip through a double: the cursor holds the double.
        rank: ColumnElement[float] = cast(func.ts_rank(_VECTOR, ranked_by), DOUBLE_PRECISION)
        if as_of is not None:
            earlier: ColumnElement[Any] = literal_column("earlier.search_vector")
            rank = _ranked_as_of(rank, as_of, cast(func.ts_rank(earlier, ranked_by), DOUBLE_PRECISION))
        return query.where(_VECTOR.op("@@")(tsquery)), rank
    version_id: ColumnElement[str] = literal_column("article_search.version_id")
    narrowed = query.join(_FTS, version_id == ArticleVersion.id).where(
        text("article_search MATCH :fts").bindparams(fts=terms.fts5()))
    sqlite_rank = _sqlite_rank()
    if as_of is not None:
        sqlite_rank = _ranked_as_of(sqlite_rank, as_of, None, terms)
    return narrowed, sqlite_rank


def _ranked_as_of(rank: ColumnElement[float], as_of: datetime, earlier_rank: ColumnElement[float] | None,
                  terms: Terms | None = None) -> ColumnElement[float]:
    """The rank of the version current at ``as_of`` for articles with a newer one, else ``rank``."""
    earlier, listed = aliased(ArticleVersion, name="earlier"), aliased(ArticleVersion, name="then_version")
    then = (select(listed.id).where(listed.article_id == ArticleVersion.article_id, listed.created_at <= as_of)
            .order_by(listed.number.desc()).limit(1)).correlate(ArticleVersion).scalar_subquery()
    if earlier_rank is not None:  # PostgreSQL: ts_rank of that version's vector
        old = select(earlier_rank).select_from(earlier).where(earlier.id == then)
    else:  # SQLite: the same rank over that version's FTS row (the inner scope's article_search), same query
        old = (select(_sqlite_rank()).select_from(_FTS).correlate_except(_FTS)
               .where(text("article_search MATCH :fts_then").bindparams(fts_then=terms.fts5() if terms else ""),
                      literal_column("article_search.version_id") == then))
    return type_coerce(case((ArticleVersion.created_at <= as_of, rank),
                            else_=func.coalesce(old.scalar_subquery(), rank)), Float)


def _hits(column: int) -> ColumnElement[int]:
    """How many matches FTS5 marks in a column of the matching row (the markers are one character each)."""
    marked = func.highlight(_FTS_NAME, column, OPEN, CLOSE)
    return func.length(marked) - func.length(func.replace(marked, OPEN, ""))


def _sqlite_rank() -> ColumnElement[float]:
    """Matches in the headline weigh four times those in the body, damped by the body's length, like ts_rank.

    Not bm25: its weights follow the whole table's statistics, so every arriving article would move the scores
    of the others and a relevance cursor would skip or repeat articles. This rank reads the row alone.
    """
    body_length = func.length(literal_column("article_search.body_text"))
    return type_coerce((4.0 * _hits(1) + _hits(2)) / (1.0 + body_length / 4000.0), Float)


def snippets(session: Session, terms: Terms, version_ids: Sequence[str]) -> dict[str, str]:
    """For each version, its body's passages around the matched words, marked with <mark> in escaped HTML."""
    if not version_ids:
        return {}
    if is_postgresql(session):
        tsquery = _tsquery(terms)
        rows = session.execute(select(ArticleVersion.id, func.ts_headline(
            _CONFIG, _passage(ArticleVersion.body_text, _lexemes(session, tsquery)), tsquery, _HEADLINE_OPTIONS))
            .where(ArticleVersion.id.in_(list(version_ids))))
    else:
        rows = session.execute(
            select(literal_column("version_id"), func.snippet(_FTS_NAME, 2, OPEN, CLOSE, " … ", 24))
            .select_from(_FTS).where(and_(text("article_search MATCH :fts").bindparams(fts=terms.fts5()),
                                          literal_column("version_id").in_(list(version_ids)))))
    return {version_id: marked(snippet) for version_id, snippet in rows}


def _lexemes(session: Session, tsquery: ColumnElement[Any]) -> list[str]:
    """The words (as the english configuration stems them) the query looks for, not those it excludes."""
    tree = session.execute(select(func.querytree(tsquery))).scalar_one() or ""
    return sorted({found.replace("''", "'") for found in _LEXEME.findall(tree)})


def _passage(body: Any, lexemes: list[str]) -> ColumnElement[str]:
    """The part of the body ts_headline reads: around the first place a stem occurs in it (a stem is nearly
    always the start of the words it stands for), else the beginning. ts_headline parses every word it is
    given, so a whole 100 KB body cost tens of milliseconds per result; a passage costs the same for any body.
    """
    if not lexemes:
        return func.left(body, PASSAGE)
    lowered = func.lower(body)
    first = func.least(*(func.nullif(func.strpos(lowered, lexeme), 0) for lexeme in lexemes))
    return func.coalesce(func.substr(body, func.greatest(1, first - PASSAGE_BEFORE), PASSAGE),
                         func.left(body, PASSAGE))


def marked(snippet: str) -> str:
    """The engine's snippet as HTML: escaped, matches in <mark>."""
    return html.escape(snippet, quote=False).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
