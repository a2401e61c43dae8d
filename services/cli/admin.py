"""Operator commands: database migrations and health checks."""

from __future__ import annotations

import sys

import click

from services.cli.common import friendly_errors
from services.cli.failures import explained
from shared.queues import SERVICE_QUEUES


@click.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@friendly_errors
def db_upgrade() -> None:
    """Apply the migrations (idempotent)."""
    from shared.db import upgrade

    upgrade()
    click.echo("database is up to date")


@click.group()
def health() -> None:
    """Health checks for orchestrators (exit 0 when healthy)."""


@health.command("worker")
@click.argument("service", type=click.Choice(sorted(SERVICE_QUEUES)))
@click.option("--max-age", type=float, default=60.0, show_default=True)
def health_worker(service: str, max_age: float) -> None:
    """Liveness: the worker's heartbeat file is fresh."""
    from shared.heartbeat import heartbeat_age

    age = heartbeat_age(service)
    if age is None or age > max_age:
        click.echo(f"{service}: no heartbeat" if age is None else f"{service}: heartbeat {age:.0f}s old", err=True)
        sys.exit(1)
    click.echo(f"{service}: alive ({age:.0f}s)")


@health.command("ready")
def health_ready() -> None:
    """Readiness: the database and the broker answer."""
    from shared.celery import create_app
    from shared.db import ping

    try:
        ping()
        with create_app("health").connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
    except Exception as exc:
        click.echo(f"not ready: {explained(exc) or f'{type(exc).__name__}: {exc}'}", err=True)
        sys.exit(1)
    click.echo("ready")
