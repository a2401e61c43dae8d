"""search speed: mention indexes that answer place and entity filters alone, and the planner told storage is fast

PostgreSQL only (SQLite keeps 0008's indexes):
- ``ix_mention_place_version`` (place_geonameid, version_id) and ``ix_mention_entity_version`` (entity_id,
  version_id): a place or entity filter reads the versions that mention it from the index alone (an
  index-only scan) instead of visiting thousands of mention rows in the 1.8-million-row heap. Built
  CONCURRENTLY, outside the migration's transaction.
- ``random_page_cost = 1.1`` on this database (PostgreSQL's default 4 assumes spinning disks): at 4 the
  planner read a phrase's ~800 matches by hashing a sequential scan of the whole article table instead of
  ~800 index lookups. 1.1 is what PostgreSQL's documentation suggests for SSDs or data that fits in memory. A
  role without the right to alter the database gets a notice and keeps the default (set it in postgresql.conf).

Revision ID: 0009_search_speed
Revises: 0008_search
Create Date: 2026-12-01 07:10:00.000000

"""
from collections.abc import Sequence

from alembic import op

from shared.migrations.online import concurrent_index

# revision identifiers, used by Alembic.
revision: str = '0009_search_speed'
down_revision: str | Sequence[str] | None = '0008_search'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (("ix_mention_place_version", "mention", "place_geonameid, version_id"),
           ("ix_mention_entity_version", "mention", "entity_id, version_id"))
PAGE_COST = """
DO $$ BEGIN
    EXECUTE format('ALTER DATABASE %I SET random_page_cost = {value}', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'random_page_cost left as it is: set it in postgresql.conf (see docs/performance.md)';
END $$"""


def upgrade() -> None:
    """Upgrade schema."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(PAGE_COST.format(value="1.1"))
    with op.get_context().autocommit_block():
        for name, table, what in INDEXES:
            concurrent_index(name, table, what)


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name != "postgresql":
        return
    with op.get_context().autocommit_block():
        for name, _, _ in INDEXES:
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    op.execute(PAGE_COST.format(value="DEFAULT").replace("SET random_page_cost = DEFAULT",
                                                         "RESET random_page_cost"))
