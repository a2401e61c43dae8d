"""feed, feed_item, feed_host: pull ingest (issue 15)

Revision ID: 0007_feeds
Revises: 0006_firstcreated
Create Date: 2026-12-01 05:50:00.000000

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0007_feeds'
down_revision: str | Sequence[str] | None = '0006_firstcreated'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'feed',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('url', sa.Text(), nullable=False),
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('full_text', sa.String(length=10), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('interval_s', sa.Float(), nullable=False),
        sa.Column('current_interval_s', sa.Float(), nullable=False),
        sa.Column('next_poll_at', WHEN, nullable=False),
        sa.Column('claim_token', sa.String(length=36), nullable=True),
        sa.Column('claimed_until', WHEN, nullable=True),
        sa.Column('etag', sa.Text(), nullable=True),
        sa.Column('last_modified', sa.String(length=100), nullable=True),
        sa.Column('body_hash', sa.String(length=64), nullable=True),
        sa.Column('last_polled_at', WHEN, nullable=True),
        sa.Column('last_success_at', WHEN, nullable=True),
        sa.Column('last_error_at', WHEN, nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('error_kind', sa.String(length=40), nullable=True),
        sa.Column('error_score', sa.Float(), nullable=False),
        sa.Column('failing_since', WHEN, nullable=True),
        sa.Column('items_seen', sa.Integer(), nullable=False),
        sa.Column('created_at', WHEN, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_feed')),
        sa.UniqueConstraint('name', name=op.f('uq_feed_name')),
    )
    with op.batch_alter_table('feed', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_host'), ['host'], unique=False)
        batch_op.create_index(batch_op.f('ix_feed_next_poll_at'), ['next_poll_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_feed_state'), ['state'], unique=False)
    op.create_table(
        'feed_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('key', sa.String(length=600), nullable=False),
        sa.Column('identity', sa.String(length=500), nullable=False),
        sa.Column('feed_id', sa.Integer(), nullable=True),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('article_id', sa.String(length=36), nullable=True),
        sa.Column('text_from', sa.Text(), nullable=True),
        sa.Column('first_seen_at', WHEN, nullable=False),
        sa.ForeignKeyConstraint(['feed_id'], ['feed.id'], name=op.f('fk_feed_item_feed_id_feed'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_item')),
        sa.UniqueConstraint('source', 'key', name=op.f('uq_feed_item_source')),
    )
    with op.batch_alter_table('feed_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_item_article_id'), ['article_id'], unique=False)
    op.create_table(
        'feed_host',
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('next_request_at', WHEN, nullable=False),
        sa.PrimaryKeyConstraint('host', name=op.f('pk_feed_host')),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('feed_host')
    with op.batch_alter_table('feed_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_item_article_id'))
    op.drop_table('feed_item')
    with op.batch_alter_table('feed', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_state'))
        batch_op.drop_index(batch_op.f('ix_feed_next_poll_at'))
        batch_op.drop_index(batch_op.f('ix_feed_host'))
    op.drop_table('feed')
