"""The database: one engine per process (made lazily, remade after fork) and a session scope."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from shared import state
from shared.settings import get_settings

_engine: Engine | None = None
_engine_pid: int | None = None
_sessionmaker: sessionmaker[Session] | None = None
_engine_lock = threading.Lock()  # threads of one process make the engine once, and never see half of it


def _new_lock_in_child() -> None:
    global _engine_lock
    _engine_lock = threading.Lock()  # a fork while another thread held it must not leave the child locked out


os.register_at_fork(after_in_child=_new_lock_in_child)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # WAL lets the API read while a worker writes; the busy timeout waits out short write locks
    # instead of failing with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _ensure_sqlite_folder(url: str) -> None:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


def _json(value: object) -> str:
    """JSON columns (enrichments, outbox payloads) serialised by orjson: several times faster than json."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``; SQLite files get their folder made and WAL switched on."""
    _ensure_sqlite_folder(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, json_serializer=_json,
                               json_deserializer=orjson.loads)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # The pool is sized for the API's thread pool, so requests do not open fresh connections.
    engine = create_engine(url, pool_size=10, max_overflow=30, pool_recycle=1800, json_serializer=_json,
                           json_deserializer=orjson.loads)
    event.listen(engine.pool, "checkin", _stamp_checkin)
    event.listen(engine.pool, "checkout", _ping_if_idle)
    return engine


# A database restart must not turn the next use of every pooled connection into an error, but a ping on every
# checkout (pool_pre_ping) costs a round trip per transaction, several per article. A connection checked in
# less than this long ago was working a moment ago, so only connections idle longer are pinged first.
IDLE_PING_S = 1.0


def _stamp_checkin(_dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
    record.info["checked_in_at"] = time.monotonic()


def _ping_if_idle(dbapi_connection, record, _proxy) -> None:  # type: ignore[no-untyped-def]
    checked_in_at = record.info.get("checked_in_at")
    if checked_in_at is not None and time.monotonic() - checked_in_at < IDLE_PING_S:
        return
    autocommit = dbapi_connection.autocommit
    try:
        dbapi_connection.autocommit = True  # one round trip, no transaction left open behind the ping
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        dbapi_connection.autocommit = autocommit
    except Exception as exc:
        # The pool discards this connection and checks out another (SQLAlchemy's documented protocol).
        raise DisconnectionError(f"stale pooled connection: {exc}") from exc


def get_engine() -> Engine:
    """This process's engine; a forked child never reuses its parent's connections."""
    global _engine, _engine_pid, _sessionmaker
    engine = _engine
    if engine is not None and _engine_pid == os.getpid():
        return engine
    with _engine_lock:
        if _engine is None or _engine_pid != os.getpid():
            if _engine is not None:
                _engine.dispose(close=False)
            engine = make_engine(get_settings().database_url)
            # the session factory first: a thread that sees the engine finds its factory too
            _sessionmaker = sessionmaker(engine, expire_on_commit=False)
            _engine_pid = os.getpid()
            _engine = engine
        return _engine


def reset_engine() -> None:
    """Forget the engine (tests switch databases; workers call it after fork)."""
    global _engine, _engine_pid, _sessionmaker
    with _engine_lock:
        if _engine is not None:
            _engine.dispose()
        _engine = _engine_pid = _sessionmaker = None


state.on_reset("database engine", reset_engine)


@contextmanager
def session_scope() -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error."""
    get_engine()
    factory = _sessionmaker
    assert factory is not None
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def read_scope() -> Iterator[Session]:
    """Reads outside a transaction: each statement commits on its own, so a few lookups cost no BEGIN and no
    COMMIT round trips (the request's one transaction is its write)."""
    with get_engine().connect() as connection:
        with Session(connection.execution_options(isolation_level="AUTOCOMMIT")) as session:
            yield session


def upgrade(url: str | None = None) -> None:
    """Apply the Alembic migrations to the configured (or given) database."""
    from alembic import command
    from alembic.config import Config

    url = url or get_settings().database_url
    _ensure_sqlite_folder(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "head")


def ping() -> None:
    """Raise unless the database answers."""
    from sqlalchemy import text

    with get_engine().connect() as conn:
        conn.execute(text("SELECT 1"))


def insert_new(session: Session, model: Any, values: dict[str, Any], unique: list[str], returning: Any) -> Any:
    """INSERT ... ON CONFLICT (``unique``) DO NOTHING: ``returning`` of the new row, None if one was there.

    A twin inserting the same row in a concurrent transaction is waited for, never a unique violation: the
    transaction stays usable, so the caller can read the twin's row and carry on in it.
    """
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return session.scalar(dialect.insert(model).values(**values).on_conflict_do_nothing(index_elements=unique)
                          .returning(returning))


def advisory_key(namespace: str, value: str) -> int:
    """The key of a PostgreSQL advisory lock on ``value`` within ``namespace`` (a text, an idempotency key, a
    source): the first 60 bits of a SHA-256, so every caller takes the same lock for the same thing and locks of
    different namespaces never meet."""
    return int(hashlib.sha256(f"{namespace}\0{value}".encode()).hexdigest()[:15], 16)
