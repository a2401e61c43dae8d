"""Expected failures at the terminal: a missing or unmigrated database, an unreachable broker, a missing file.

Each becomes one line that names the cause and the fix; anything else keeps its traceback, since only an
unexpected failure needs one.
"""

from __future__ import annotations

import re
from pathlib import Path

from shared.settings import get_settings

UPGRADE = "run `newsflow db upgrade`"
# SQLite and PostgreSQL words for a schema older than the code (the table or column is not there yet).
UNMIGRATED = re.compile(r"no such (table|column)|(relation|column) \S+ does not exist|has no column named")


def _database() -> str:
    from sqlalchemy.engine import make_url

    return make_url(get_settings().database_url).render_as_string(hide_password=True)


def _broker() -> str:
    from kombu.utils.url import maybe_sanitize_url

    return str(maybe_sanitize_url(get_settings().broker_url))


def _first_line(exc: BaseException | None) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return re.sub(r"^\([\w.]+\) ", "", lines[0]) if lines else type(exc).__name__


def _database_failure(exc: BaseException) -> str | None:
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, DBAPIError):
        return None
    if UNMIGRATED.search(str(exc.orig)):
        return f"the database {_database()} is not migrated ({_first_line(exc.orig)}): {UPGRADE}"
    if exc.statement is None or exc.connection_invalidated or "unable to open database" in str(exc.orig):
        return (f"cannot reach the database {_database()}: {_first_line(exc.orig)}; start it, or set "
                "NEWSFLOW_DATABASE_URL (or NEWSFLOW_DATA_DIR for the embedded SQLite file)")
    return None


def _url_failure(exc: BaseException) -> str | None:
    from sqlalchemy.exc import ArgumentError

    if isinstance(exc, ArgumentError):
        return f"NEWSFLOW_DATABASE_URL is not a database URL ({_first_line(exc)}); e.g. postgresql+psycopg://host/db"
    return None


def _broker_failure(exc: BaseException) -> str | None:
    from kombu.exceptions import OperationalError
    from redis.exceptions import ConnectionError as RedisConnectionError

    if isinstance(exc, OperationalError | RedisConnectionError):
        return f"cannot reach the broker {_broker()}: {_first_line(exc)}; start it, or set NEWSFLOW_BROKER_URL"
    return None


def _file_failure(exc: BaseException) -> str | None:
    if not isinstance(exc, OSError) or not exc.filename:
        return None
    data_dir = get_settings().data_dir
    if Path(exc.filename) == data_dir or data_dir in Path(exc.filename).parents:
        fix = f"set NEWSFLOW_DATA_DIR to a folder you may write (now {data_dir})"
    else:
        fix = "check the path and its permissions"
    return f"{exc.filename}: {exc.strerror or type(exc).__name__}; {fix}"


def explained(exc: BaseException) -> str | None:
    """One line for an expected failure (its cause and its fix); None for one that deserves a traceback."""
    seen: BaseException | None = exc
    while seen is not None:  # the third-party error may travel as the cause of one of ours
        for explain in (_url_failure, _database_failure, _broker_failure, _file_failure):
            line = explain(seen)
            if line is not None:
                return line
        seen = seen.__cause__
    return None
