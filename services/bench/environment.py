"""The benchmark's private backends: a fresh PostgreSQL database and an emptied Redis database."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from types import TracebackType

import redis
import sqlalchemy as sa

PG_ADMIN_URL = os.environ.get("NEWSFLOW_BENCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("NEWSFLOW_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
TAP_QUEUE = "bench.tap"


class Backends:
    """Creates ``newsflow_bench_<random>`` and flushes the Redis database on entry; drops and flushes on exit."""

    def __init__(self, var_dir: Path, pg_admin_url: str = PG_ADMIN_URL, redis_url: str = REDIS_URL) -> None:
        self.name = f"newsflow_bench_{uuid.uuid4().hex[:10]}"
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
