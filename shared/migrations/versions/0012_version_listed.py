"""version listed_at: each version carries its article's listing date, so a phrase's window needs no join

PostgreSQL only. A relevance window is the 200 newest matches; for a phrase (thousands of matches from the
GIN index) finding them meant joining every match to its article for the date before keeping 200. The
article's ``listed_at`` is set once (0011), so a copy on each version never goes stale: a ``BEFORE INSERT``
trigger fills ``article_version.listed_at`` from the article, existing rows are filled in committed batches,
and ``(listed_at DESC, article_id DESC)`` is indexed CONCURRENTLY. The search then takes the window's
positions from ``article_version`` alone and joins only those to their articles (services/publish/search).

Revision ID: 0012_version_listed
Revises: 0011_article_listed
Create Date: 2026-12-01 10:15:00.000000

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.migrations.online import concurrent_index

# revision identifiers, used by Alembic.
revision: str = '0012_version_listed'
down_revision: str | Sequence[str] | None = '0011_article_listed'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
INDEX = ("ix_article_version_listed", "article_version", "listed_at DESC, article_id DESC")
FILL = """
UPDATE article_version AS v SET listed_at = a.listed_at FROM article AS a
WHERE a.id = v.article_id AND v.id IN (
    SELECT id FROM article_version WHERE listed_at IS NULL AND article_id IN (
        SELECT id FROM article WHERE listed_at IS NOT NULL) LIMIT :size)"""


def upgrade() -> None:
    """Upgrade schema."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE article_version ADD COLUMN IF NOT EXISTS listed_at TIMESTAMP WITH TIME ZONE")
    op.execute("""
        CREATE OR REPLACE FUNCTION article_version_listed_at() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.listed_at := (SELECT listed_at FROM article WHERE id = NEW.article_id);
            RETURN NEW;
        END $$""")
    op.execute("DROP TRIGGER IF EXISTS article_version_listed_at ON article_version")
    op.execute("""
        CREATE TRIGGER article_version_listed_at BEFORE INSERT ON article_version
        FOR EACH ROW EXECUTE FUNCTION article_version_listed_at()""")
    with op.get_context().autocommit_block():
        while op.get_bind().execute(sa.text(FILL), {"size": BATCH}).rowcount:
            pass
        concurrent_index(*INDEX)
        op.execute("ANALYZE article_version")


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS article_version_listed_at ON article_version")
    op.execute("DROP FUNCTION IF EXISTS article_version_listed_at()")
    with op.get_context().autocommit_block():
        op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX[0]}")
    op.execute("ALTER TABLE article_version DROP COLUMN IF EXISTS listed_at")
