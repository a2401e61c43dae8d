"""The benchmark's private backends: a fresh PostgreSQL database and an emptied Redis database."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from types import TracebackType

import redis
import sqlalchemy as sa

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/13"  # the benchmark's own Redis database: flushed before and after
TAP_QUEUE = "bench.tap"


class Backends:
    """Creates ``newsflow_bench_<random>`` and flushes the Redis database on entry; drops and flushes on exit."""

    def __init__(self, var_dir: Path) -> None:
        self.name = f"newsflow_bench_{uuid.uuid4().hex[:10]}"
        pg_admin_url = os.environ.get("NEWSFLOW_BENCH_PG_ADMIN_URL", PG_ADMIN_URL)
        redis_url = os.environ.get("NEWSFLOW_BENCH_REDIS_URL", REDIS_URL)
        self.admin_url = pg_admin_url
        self.database_url = pg_admin_url.rsplit("/", 1)[0] + f"/{self.name}"
        self.redis_url = redis_url
        self.var_dir = var_dir

    def env(self) -> dict[str, str]:
        """NEWSFLOW_* variables that point every process at these backends, with no admission limits."""
        from shared.settings import get_settings

        return {
            "NEWSFLOW_DATABASE_URL": self.database_url,
            "NEWSFLOW_BROKER_URL": self.redis_url,
            "NEWSFLOW_VAR_DIR": str(self.var_dir),
            "NEWSFLOW_GAZETTEER_PATH": str(get_settings().gazetteer_file.resolve()),
            "NEWSFLOW_LOG_FORMAT": "json",
            "NEWSFLOW_RATE_LIMIT_PER_SECOND": "0",
            "NEWSFLOW_EXCHANGE_SUBSCRIPTIONS": f"{TAP_QUEUE}=article.#",
        }

    def server_cpu(self) -> dict[int, float]:
        """CPU seconds of each PostgreSQL backend now connected to this database (pid -> seconds)."""
        import psutil

        admin = self._admin()
        with admin.connect() as conn:
            pids = conn.execute(sa.text("SELECT pid FROM pg_stat_activity WHERE datname = :name"),
                                {"name": self.name}).scalars().all()
        admin.dispose()
        seconds = {}
        for pid in pids:
            try:
                times = psutil.Process(pid).cpu_times()
                seconds[pid] = times.user + times.system
            except psutil.Error:
                continue
        return seconds

    def server_counters(self) -> dict[str, int]:
        """This database's cumulative transaction and row counters (pg_stat_database)."""
        admin = self._admin()
        with admin.connect() as conn:
            row = conn.execute(sa.text(
                "SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated"
                " FROM pg_stat_database WHERE datname = :name"), {"name": self.name}).mappings().one()
        admin.dispose()
        counters = dict(row)
        # Rows read by sequential scans, per table: a table scanned once per article shows up here.
        engine = sa.create_engine(self.database_url)
        with engine.connect() as conn:
            for table, rows in conn.execute(sa.text("SELECT relname, seq_tup_read FROM pg_stat_user_tables")):
                counters[f"seq_tup_read.{table}"] = rows
        engine.dispose()
        return counters

    def _admin(self) -> sa.Engine:
        return sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT")

    def _flush_redis(self) -> None:
        client = redis.Redis.from_url(self.redis_url)
        try:
            client.flushdb()
        finally:
            client.close()

    def __enter__(self) -> Backends:
        from services.enrich.gazetteer.build import ensure_built
        from shared.db import upgrade
        from shared.settings import get_settings

        ensure_built(get_settings().gazetteer_file)
        self._flush_redis()
        admin = self._admin()
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{self.name}"'))
        admin.dispose()
        upgrade(self.database_url)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._flush_redis()
        admin = self._admin()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        admin.dispose()
