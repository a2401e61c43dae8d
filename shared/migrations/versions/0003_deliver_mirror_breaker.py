"""deliver: a circuit breaker per mirror and leases for the per-mirror concurrency cap

Revision ID: 0003_deliver
Revises: 0002
Create Date: 2026-11-30 20:30:00.000000

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0003_deliver'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('mirror') as batch:
        batch.add_column(sa.Column('breaker_state', sa.String(length=10), server_default='closed', nullable=False))
        batch.add_column(sa.Column('breaker_failures', sa.Integer(), server_default='0', nullable=False))
        batch.add_column(sa.Column('breaker_trips', sa.Integer(), server_default='0', nullable=False))
        batch.add_column(sa.Column('parked_until', sa.DateTime(timezone=True), nullable=True))
    op.create_table('mirror_lease',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('mirror_id', sa.Integer(), nullable=False),
    sa.Column('delivery_id', sa.String(length=36), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['mirror_id'], ['mirror.id'], name=op.f('fk_mirror_lease_mirror_id_mirror')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mirror_lease'))
    )
    op.create_index(op.f('ix_mirror_lease_mirror_id'), 'mirror_lease', ['mirror_id'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f('ix_mirror_lease_mirror_id'), table_name='mirror_lease')
    op.drop_table('mirror_lease')
    with op.batch_alter_table('mirror') as batch:
        batch.drop_column('parked_until')
        batch.drop_column('breaker_trips')
        batch.drop_column('breaker_failures')
        batch.drop_column('breaker_state')
