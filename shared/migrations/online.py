"""Steps migrations take on a live PostgreSQL database, written so that a re-run finishes what a killed run began."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def concurrent_index(name: str, table: str, what: str) -> None:
    """CREATE INDEX CONCURRENTLY that a re-run completes (call it inside ``autocommit_block``).

    A concurrent build interrupted (a deploy job killed, a pod evicted) leaves an INVALID index behind, which
    IF NOT EXISTS would keep for ever and the planner never uses: it is dropped and built again.
    """
    invalid = op.get_bind().execute(sa.text(
        "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = :name "
        "AND NOT i.indisvalid"), {"name": name}).first()
    if invalid:
        op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    op.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} ({what})")
