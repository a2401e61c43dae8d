"""data: one number per (article, version); announced event; submission pubstatus; duplicate_of

Revision ID: 0004_data
Revises: 0003_deliver
Create Date: 2026-11-30 20:40:00.000000

Versions numbered twice by concurrent ingest workers (before the article lock) are renumbered in the
order they were made, so the unique key can be added to a database that already holds such pairs.
The unique (article, content hash) on submissions goes: a kill notice or a release of a withheld
article may repeat an earlier text, and whether a submission is a repeat is now decided under the
article's row lock, by text and pubstatus together.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0004_data'
down_revision: str | Sequence[str] | None = '0003_deliver'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _renumber_versions() -> None:
    """Give each article's versions the numbers 1..n in the order they were made, where they collide."""
    versions = sa.table('article_version', sa.column('id', sa.String), sa.column('article_id', sa.String),
                        sa.column('number', sa.Integer), sa.column('created_at', sa.DateTime))
    conn = op.get_bind()
    duplicated = sa.select(versions.c.article_id).group_by(versions.c.article_id, versions.c.number).having(
        sa.func.count() > 1)
    for article_id in set(conn.scalars(duplicated)):
        rows = conn.execute(sa.select(versions.c.id, versions.c.number).where(versions.c.article_id == article_id)
                            .order_by(versions.c.number, versions.c.created_at, versions.c.id)).all()
        for number, (version_id, old) in enumerate(rows, start=1):
            if number != old:
                conn.execute(sa.update(versions).where(versions.c.id == version_id).values(number=number))


def _backfill_pubstatus() -> None:
    """Submissions kept their pubstatus only in the payload; a kill or hold among them must count as one."""
    conn = op.get_bind()
    status = ("payload->>'pubstatus'" if conn.dialect.name == "postgresql"
              else "json_extract(payload, '$.pubstatus')")
    conn.execute(sa.text(f"UPDATE submission SET pubstatus = {status} "  # noqa: S608 - no input, two literals
                         f"WHERE {status} IN ('withheld', 'canceled')"))


def upgrade() -> None:
    """Upgrade schema."""
    _renumber_versions()
    with op.batch_alter_table('article_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event', sa.String(length=20), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_article_version_article_id'), ['article_id', 'number'])
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pubstatus', sa.String(length=20), nullable=False, server_default='usable'))
        batch_op.drop_constraint(batch_op.f('uq_submission_article_id'), type_='unique')
    _backfill_pubstatus()
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.add_column(sa.Column('duplicate_of', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_article_duplicate_of'), ['duplicate_of'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_article_duplicate_of_article'), 'article', ['duplicate_of'], ['id'])


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_article_duplicate_of_article'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_article_duplicate_of'))
        batch_op.drop_column('duplicate_of')
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_submission_article_id'), ['article_id', 'content_hash'])
        batch_op.drop_column('pubstatus')
    with op.batch_alter_table('article_version', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_article_version_article_id'), type_='unique')
        batch_op.drop_column('event')
