"""The connection pool: a connection the server dropped while it sat idle is replaced, not handed out."""

from __future__ import annotations

import time

import sqlalchemy as sa

from shared import db


def _backend_pid() -> int:
    with db.session_scope() as session:
        return int(session.scalar(sa.text("SELECT pg_backend_pid()")))


def test_a_pooled_connection_the_server_dropped_while_idle_is_replaced(configure, pg_database: str) -> None:  # type: ignore[no-untyped-def]
    """Given a pooled connection whose backend the server ended (a restart, an idle timeout), when it has been
    idle longer than IDLE_PING_S, then the next transaction runs on a new connection instead of failing."""
    configure(database_url=pg_database)
    first = _backend_pid()
    with sa.create_engine(pg_database, isolation_level="AUTOCOMMIT").connect() as admin:
        assert admin.scalar(sa.text(f"SELECT pg_terminate_backend({first})"))
    time.sleep(db.IDLE_PING_S + 0.1)
    assert _backend_pid() != first

