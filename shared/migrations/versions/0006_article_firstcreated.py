"""article.firstcreated: when the source first created the article (ninjs ``firstcreated``), if it said

Revision ID: 0006_firstcreated
Revises: 0005_healing
Create Date: 2026-12-01 04:05:00.000000

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0006_firstcreated'
down_revision: str | Sequence[str] | None = '0005_healing'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.add_column(sa.Column('firstcreated', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_column('firstcreated')
