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



def test_threads_that_open_the_first_transactions_at_once_all_get_a_session(configure, pg_database: str,  # type: ignore[no-untyped-def]
                                                                            monkeypatch) -> None:
    """Given no engine yet in this process, when many threads open their first transaction at the same moment,
    then each gets a working session: none sees the engine before its session factory (a race that failed one
    of the reconciler's lease tests under load), and one engine serves them all. SQLAlchemy's session factory
    is made slow here, as a loaded machine makes it, to widen the window."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    real = db.sessionmaker

    def slow_sessionmaker(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.05)
        return real(*args, **kwargs)

    monkeypatch.setattr(db, "sessionmaker", slow_sessionmaker)
    configure(database_url=pg_database)
    for _ in range(5):
        db.reset_engine()
        start = Barrier(16)

        def first_transaction(_: int, start: Barrier = start) -> int:
            start.wait()
            return _backend_pid()

        with ThreadPoolExecutor(16) as pool:
            assert len(list(pool.map(first_transaction, range(16)))) == 16
        engines = {id(db.get_engine()) for _ in range(3)}
        assert len(engines) == 1
