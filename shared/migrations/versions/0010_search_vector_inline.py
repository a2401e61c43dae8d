"""search vector inline: the tsvector kept in the row (compressed with lz4), not in the TOAST table

PostgreSQL only. A search checks ``search_vector @@ query`` on every candidate version (a phrase's matches,
or the newest articles a common word is looked for in); a vector of a couple of kilobytes was moved out to
the TOAST table, so each check cost a TOAST index lookup and a chunk fetch. ``STORAGE MAIN`` keeps it in
the row, compressed (lz4 where the server has it: it decompresses several times faster than pglz), and moves
the body text out first. At 100,000 articles a phrase's window read 21,000 buffers instead of 37,000 and a
common word's 6,500 instead of 14,000 (docs/performance.md).

Both settings are catalogue changes (no table rewrite); rows written before them are stored again in
committed batches of 5,000 (in id order, so a killed run is simply run again).

Revision ID: 0010_search_vector_inline
Revises: 0009_search_speed
Create Date: 2026-12-01 09:30:00.000000

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0010_search_vector_inline'
down_revision: str | Sequence[str] | None = '0009_search_speed'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
LZ4 = """
DO $$ BEGIN
    ALTER TABLE article_version ALTER COLUMN search_vector SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    RAISE NOTICE 'this server has no lz4: search vectors stay compressed with pglz';
END $$"""
RESTORE = """
WITH batch AS (SELECT id FROM article_version WHERE id > :after ORDER BY id LIMIT :size)
UPDATE article_version SET search_vector = search_vector || ''::tsvector
WHERE id IN (SELECT id FROM batch) RETURNING id"""


def upgrade() -> None:
    """Upgrade schema."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE article_version ALTER COLUMN search_vector SET STORAGE MAIN")
    op.execute(LZ4)
    with op.get_context().autocommit_block():
        after = ""
        while ids := [row[0] for row in op.get_bind().execute(sa.text(RESTORE), {"after": after, "size": BATCH})]:
            after = max(ids)
        op.execute("ANALYZE article_version")


def downgrade() -> None:
    """Downgrade schema (rows stay as they are stored; new ones go back to the defaults)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE article_version ALTER COLUMN search_vector SET STORAGE EXTENDED")
    op.execute("ALTER TABLE article_version ALTER COLUMN search_vector SET COMPRESSION default")
