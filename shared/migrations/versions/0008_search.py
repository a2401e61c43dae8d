"""search: full text over headline and body, indexes for every search filter, places' first-level division

PostgreSQL: ``article_version.search_vector``, a weighted tsvector (headline A over body B, english
configuration) kept by a trigger, and a GIN index on it. The column is added without a default (no table
rewrite), filled in batches, and every index is built CONCURRENTLY outside the migration's transaction, so an
existing deployment keeps reading and writing while it upgrades.
SQLite: ``article_search``, an FTS5 table (porter stemming, like the english configuration) kept in step with
article_version by triggers and filled from the existing rows.

Revision ID: 0008_search
Revises: 0007_feeds
Create Date: 2026-12-01 05:40:00.000000

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.migrations.online import concurrent_index

# revision identifiers, used by Alembic.
revision: str = '0008_search'
down_revision: str | Sequence[str] | None = '0007_feeds'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The article's own date (the source's first creation, else its arrival): what since/until and newest read.
DATED = "coalesce(firstcreated, created_at)"
# (name, table, what) of the B-tree indexes both engines get.
INDEXES = (
    ("ix_article_dated", "article", f"({DATED}) DESC, id DESC"),
    ("ix_article_country_code", "article", "country_code"),
    ("ix_article_current_version_id", "article", "current_version_id"),
    ("ix_place_lat_lon", "place", "lat, lon"),
    ("ix_place_country_admin1", "place", "country_code, admin1_code"),
    ("ix_entity_lower_name", "entity", "lower(name)"),
)
PG_VECTOR = ("setweight(to_tsvector('english', coalesce({row}headline, '')), 'A') || "
             "setweight(to_tsvector('english', coalesce({row}body_text, '')), 'B')")
BACKFILL_BATCH = 5000

# The first-level division of places already stored, from the enrichments that named them.
PG_ADMIN1 = """
UPDATE place SET admin1_code = found.code FROM (
    SELECT DISTINCT ON (gid) (p->>'geonameid')::int AS gid, p->>'admin1_code' AS code
    FROM article_version, json_array_elements(enrichment->'places') AS p
    WHERE enrichment IS NOT NULL AND p->>'admin1_code' IS NOT NULL AND p->>'geonameid' IS NOT NULL
) AS found WHERE place.geonameid = found.gid AND place.admin1_code IS NULL
"""
SQLITE_ADMIN1 = """
UPDATE place SET admin1_code = (
    SELECT json_extract(p.value, '$.admin1_code') FROM article_version, json_each(enrichment, '$.places') AS p
    WHERE enrichment IS NOT NULL AND json_extract(p.value, '$.geonameid') = place.geonameid
      AND json_extract(p.value, '$.admin1_code') IS NOT NULL LIMIT 1)
WHERE admin1_code IS NULL
"""


def upgrade() -> None:
    """Upgrade schema."""
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
    else:
        with op.batch_alter_table('place', schema=None) as batch_op:
            batch_op.add_column(sa.Column('admin1_code', sa.String(length=20), nullable=True))
        _upgrade_sqlite()


def _upgrade_postgresql() -> None:
    # Every step may be re-run: the concurrent index builds commit as they go, so an upgrade killed half-way
    # (fresh-eyes finding) left columns behind that a plain ADD COLUMN then refused, and nothing could start.
    op.execute("ALTER TABLE place ADD COLUMN IF NOT EXISTS admin1_code VARCHAR(20)")
    op.execute(PG_ADMIN1)
    op.execute("ALTER TABLE article_version ADD COLUMN IF NOT EXISTS search_vector tsvector")
    op.execute(f"""
        CREATE OR REPLACE FUNCTION article_version_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.search_vector := {PG_VECTOR.format(row='NEW.')}; RETURN NEW; END $$""")
    op.execute("DROP TRIGGER IF EXISTS article_version_search_vector ON article_version")
    op.execute("""
        CREATE TRIGGER article_version_search_vector BEFORE INSERT OR UPDATE OF headline, body_text
        ON article_version FOR EACH ROW EXECUTE FUNCTION article_version_search_vector()""")
    with op.get_context().autocommit_block():
        # Batches of committed updates: no long transaction holds every row of a large table at once.
        while op.get_bind().execute(sa.text(
                f"UPDATE article_version SET search_vector = {PG_VECTOR.format(row='')} WHERE id IN ("
                f"SELECT id FROM article_version WHERE search_vector IS NULL LIMIT {BACKFILL_BATCH})")).rowcount:
            pass
        concurrent_index("ix_article_version_search_vector", "article_version USING gin", "search_vector")
        for name, table, what in INDEXES:
            concurrent_index(name, table, what)


def _upgrade_sqlite() -> None:
    op.execute(SQLITE_ADMIN1)
    op.execute("CREATE VIRTUAL TABLE article_search USING fts5(version_id UNINDEXED, headline, body_text, "
               "tokenize = 'porter unicode61 remove_diacritics 2')")
    op.execute("""CREATE TRIGGER article_search_insert AFTER INSERT ON article_version BEGIN
        INSERT INTO article_search (version_id, headline, body_text) VALUES (NEW.id, NEW.headline, NEW.body_text);
        END""")
    op.execute("""CREATE TRIGGER article_search_update AFTER UPDATE OF headline, body_text ON article_version BEGIN
        DELETE FROM article_search WHERE version_id = OLD.id;
        INSERT INTO article_search (version_id, headline, body_text) VALUES (NEW.id, NEW.headline, NEW.body_text);
        END""")
    op.execute("""CREATE TRIGGER article_search_delete AFTER DELETE ON article_version BEGIN
        DELETE FROM article_search WHERE version_id = OLD.id;
        END""")
    op.execute("INSERT INTO article_search (version_id, headline, body_text) "
               "SELECT id, headline, body_text FROM article_version")
    for name, table, what in INDEXES:
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({what})")


def downgrade() -> None:
    """Downgrade schema."""
    for name, _, _ in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_article_version_search_vector")
        op.execute("DROP TRIGGER IF EXISTS article_version_search_vector ON article_version")
        op.execute("DROP FUNCTION IF EXISTS article_version_search_vector()")
        op.execute("ALTER TABLE article_version DROP COLUMN IF EXISTS search_vector")
    else:
        for trigger in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS article_search_{trigger}")
        op.execute("DROP TABLE IF EXISTS article_search")
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.drop_column('admin1_code')
