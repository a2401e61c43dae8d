"""How many messages wait in each queue, as the broker itself counts them."""

from __future__ import annotations

from kombu import Connection
from kombu.exceptions import ChannelError

from shared.celery import broker_url, transport_options
from shared.queues import ALL_QUEUES
from shared.settings import get_settings


def queue_names() -> list[str]:
    """The task queues, then the queues bound to the topic exchange by configuration."""
    subscribed = [item.partition("=")[0].strip() for item in get_settings().exchange_subscriptions]
    return list(ALL_QUEUES) + [name for name in subscribed if name and name not in ALL_QUEUES]


def queue_depths() -> dict[str, int]:
    """Messages waiting per queue (not those a worker has already taken): Redis LLEN, or the kombu tables."""
    settings = get_settings()
    depths = {}
    with Connection(broker_url(settings), transport_options=transport_options(settings),
                    connect_timeout=5) as conn:
        conn.ensure_connection(max_retries=1)
        for name in queue_names():
            # A channel per queue: on RabbitMQ a passive declare of a missing queue closes its channel.
            channel = conn.channel()
            try:
                # Passive: never creates a queue. On Redis this sums LLEN over kombu's priority lists
                # (one list when priorities are unused, the list KEDA reads); RabbitMQ counts ready messages.
                depths[name] = channel.queue_declare(queue=name, passive=True).message_count
            except ChannelError:  # Redis drops an empty list; RabbitMQ: not declared yet, nothing waits in it
                depths[name] = 0
            finally:
                try:
                    channel.close()
                except Exception:  # noqa: BLE001 - already closed by the broker
                    pass
    return depths
