"""``newsflow subscribe``: watch the announcements on the topic exchange, for downstream developers."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import click
import orjson

from services.cli.common import friendly_errors
from shared.settings import get_settings

# AMQP topic patterns: dot-separated words of [a-z0-9_-], or the wildcards * (one word) and # (any).
PATTERN = re.compile(r"^([a-z0-9_-]+|\*|#)(\.([a-z0-9_-]+|\*|#))*$")
POLL_S = 0.5  # how often the loop looks at the clock while the queue is quiet


def embedded_warning(broker: str, subscriptions: list[str], pattern: str, queue_name: str | None) -> str | None:
    """Why nothing may arrive: the embedded broker keeps exchange bindings per process, so only a queue the
    publish worker itself binds (NEWSFLOW_EXCHANGE_SUBSCRIPTIONS) receives announcements."""
    if not broker.startswith("sqla+"):
        return None
    if queue_name is not None and queue_name in {item.partition("=")[0].strip() for item in subscriptions}:
        return None
    name = queue_name or "my-desk"
    return (f"the embedded broker keeps exchange bindings per process, so the publish worker does not see this "
            f"command's queue: start the services with NEWSFLOW_EXCHANGE_SUBSCRIPTIONS={name}={pattern} and run "
            f"`newsflow subscribe '{pattern}' --queue {name}`")


@click.command()
@click.argument("pattern")
@click.option("--queue", "queue_name", help="Bind this durable queue (kept after exit); default a temporary one.")
@click.option("--max", "max_messages", type=click.IntRange(min=1), help="Stop after N messages.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), help="Stop after S seconds.")
@friendly_errors
def subscribe(pattern: str, queue_name: str | None, max_messages: int | None, timeout: float | None) -> None:
    """Print announcements whose routing key matches PATTERN (e.g. 'article.*.*.ua') as JSON lines."""
    from kombu import Connection, Queue

    from shared.celery import broker_url, transport_options
    from shared.outbox import ARTICLES

    if not PATTERN.match(pattern):
        raise click.UsageError(f"PATTERN: {pattern!r} is not a topic pattern like article.published.en.#")
    settings = get_settings()
    warning = embedded_warning(settings.broker_url, settings.exchange_subscriptions, pattern, queue_name)
    if warning:
        click.echo(f"warning: {warning}", err=True)
    temporary = queue_name is None
    name = queue_name or f"newsflow.subscribe.{uuid.uuid4().hex[:12]}"
    queue = Queue(name, ARTICLES, routing_key=pattern, durable=not temporary, auto_delete=temporary)
    received = 0

    def show(body: Any, message: Any) -> None:
        nonlocal received
        if max_messages is not None and received >= max_messages:
            message.requeue()  # one too many in a prefetch batch: leave it for the next reader
            return
        click.echo(orjson.dumps({"routing_key": message.delivery_info.get("routing_key"), "message": body}))
        message.ack()
        received += 1

    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        with Connection(broker_url(settings), transport_options=transport_options(settings)) as conn, \
                conn.Consumer(queue, callbacks=[show], accept=["json"], prefetch_count=1):
            click.echo(f"listening on {name} for {pattern}; Ctrl-C to stop", err=True)
            while max_messages is None or received < max_messages:
                remaining = POLL_S if deadline is None else deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    conn.drain_events(timeout=min(remaining, POLL_S))
                except TimeoutError:
                    continue
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a developer stops watching: not an error
    click.echo(f"{received} messages", err=True)
