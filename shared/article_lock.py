"""One article's writers, one at a time: the row lock that serialises version numbering and announcements.

Two ingest workers numbering versions of one article, two publish workers choosing between
``published`` and ``updated``, or two API requests deciding whether a text is a repeat all read
the article's state and then write on it. Each takes this lock first, inside its transaction, so
the second reads what the first committed.

PostgreSQL: ``SELECT ... FOR UPDATE`` on the article row. SQLite has no row locks and starts a
transaction only at its first write (the driver's default), so a no-op ``UPDATE`` on the row takes
the database's write lock (waiting out the busy timeout for another writer) and every read after it
sees the latest commit.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import Session

from shared.models import Article


def lock_article(session: Session, article_id: str) -> Article:
    """The article, locked against other writers until this transaction ends (NoResultFound if absent)."""
    locked = lock_articles(session, [article_id]).get(article_id)
    if locked is None:
        raise NoResultFound(f"article {article_id} does not exist")
    return locked


def lock_articles(session: Session, article_ids: Sequence[str]) -> dict[str, Article]:
    """Many articles locked in one statement, in id order (the order every batch takes its locks in, so two
    batches wait for each other, never deadlock): id -> article. Ids that name no article are left out."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(Article).where(Article.id.in_(ids)).values(id=Article.id)
                        .execution_options(synchronize_session=False))
        query = select(Article).where(Article.id.in_(ids))
    else:
        query = select(Article).where(Article.id.in_(ids)).order_by(Article.id).with_for_update()
    # populate_existing: an Article loaded before the lock is refreshed, not served stale from the session.
    return {a.id: a for a in session.scalars(query.execution_options(populate_existing=True))}
