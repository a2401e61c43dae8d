"""healing: reconciler lease, re-drive backoff, worker beats and work claims

Revision ID: 0005_healing
Revises: 0004_data
Create Date: 2026-11-30 20:40:00.000000

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0005_healing'
down_revision: str | Sequence[str] | None = '0004_data'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('reconciler_lease',
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('holder', sa.String(length=200), nullable=False),
    sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_reconciler_lease')),
    )
    op.create_table('redrive',
    sa.Column('item', sa.String(length=300), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('item', name=op.f('pk_redrive')),
    )
    with op.batch_alter_table('redrive', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_redrive_last_at'), ['last_at'], unique=False)
    op.create_table('worker_beat',
    sa.Column('worker', sa.String(length=200), nullable=False),
    sa.Column('service', sa.String(length=20), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('beat_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('worker', name=op.f('pk_worker_beat')),
    )
    with op.batch_alter_table('worker_beat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worker_beat_beat_at'), ['beat_at'], unique=False)
    op.create_table('work_claim',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('item', sa.String(length=300), nullable=False),
    sa.Column('worker', sa.String(length=200), nullable=False),
    sa.Column('task_name', sa.String(length=200), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_work_claim')),
    )
    with op.batch_alter_table('work_claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_claim_item'), ['item'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_claim_worker'), ['worker'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('work_claim')
    op.drop_table('worker_beat')
    op.drop_table('redrive')
    op.drop_table('reconciler_lease')
