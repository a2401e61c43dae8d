"""article listed_at: the date search lists an article under, set once, so paging never skips or repeats it

Search sorted and paged by ``coalesce(firstcreated, created_at)``; a later version that corrected
``firstcreated`` moved the article, so a reader paging meanwhile saw it twice (moved below the cursor) or
never (moved above it). ``article.listed_at`` holds the date once: the source's firstcreated with the first
version (never after the arrival), else the arrival. Existing articles keep the date they were listed under
(``coalesce(firstcreated, created_at)``). The index (listed_at DESC, id DESC) replaces the expression index.

PostgreSQL: the column is added without a default (no rewrite) and then given ``now()`` as its default (for
writers of an older release during a rolling upgrade), filled in committed batches, indexed CONCURRENTLY.

Revision ID: 0011_article_listed
Revises: 0010_search_vector_inline
Create Date: 2026-12-01 09:45:00.000000

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.migrations.online import concurrent_index

# revision identifiers, used by Alembic.
revision: str = '0011_article_listed'
down_revision: str | Sequence[str] | None = '0010_search_vector_inline'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
LISTED = "coalesce(firstcreated, created_at)"
INDEX = ("ix_article_listed", "article", "listed_at DESC, id DESC")
OLD_INDEX = ("ix_article_dated", "article", f"({LISTED}) DESC, id DESC")


def upgrade() -> None:
    """Upgrade schema."""
    if op.get_bind().dialect.name != "postgresql":
        with op.batch_alter_table('article', schema=None) as batch_op:
            batch_op.add_column(sa.Column('listed_at', sa.DateTime(timezone=True), nullable=True))
        op.execute(f"UPDATE article SET listed_at = {LISTED}")
        op.execute(f"DROP INDEX IF EXISTS {OLD_INDEX[0]}")
        op.execute(f"CREATE INDEX IF NOT EXISTS {INDEX[0]} ON {INDEX[1]} ({INDEX[2]})")
        return
    op.execute("ALTER TABLE article ADD COLUMN IF NOT EXISTS listed_at TIMESTAMP WITH TIME ZONE")
    op.execute("ALTER TABLE article ALTER COLUMN listed_at SET DEFAULT now()")
    with op.get_context().autocommit_block():
        while op.get_bind().execute(sa.text(
                f"UPDATE article SET listed_at = {LISTED} WHERE id IN ("
                f"SELECT id FROM article WHERE listed_at IS NULL LIMIT {BATCH})")).rowcount:
            pass
        concurrent_index(*INDEX)
        op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {OLD_INDEX[0]}")
        # Statistics for the new column now, not at autovacuum's leisure: without them the planner guessed a
        # third of the table for every since/until and scanned it whole (seen in the search benchmark).
        op.execute("ANALYZE article")


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name != "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {INDEX[0]}")
        op.execute(f"CREATE INDEX IF NOT EXISTS {OLD_INDEX[0]} ON {OLD_INDEX[1]} ({OLD_INDEX[2]})")
        with op.batch_alter_table('article', schema=None) as batch_op:
            batch_op.drop_column('listed_at')
        return
    with op.get_context().autocommit_block():
        concurrent_index(*OLD_INDEX)
        op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX[0]}")
    op.execute("ALTER TABLE article DROP COLUMN IF EXISTS listed_at")
