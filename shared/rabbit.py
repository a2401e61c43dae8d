"""RabbitMQ as the broker: quorum queues, a delivery limit that ends in our dead letters, confirms.

Every task queue is a quorum queue (replicated, durable; a consumer's death returns its messages at
once, no visibility timeout). RabbitMQ counts each message's deliveries; past
``NEWSFLOW_BROKER_DELIVERY_LIMIT`` it dead-letters the message (at-least-once dead-lettering, so the
move itself cannot lose it) through the exchange ``newsflow.dead`` to the quorum queue
``newsflow.dead``, which every worker consumes into the dead-letter table (shared/deadletter.py).

Why the broker counts, not the task: a message that kills its worker every time (out of memory, a
segfault in a C extension, the hard time limit) never reaches code of ours that could count it, and
would be redelivered for ever. The broker sees every delivery, including those.

Task exchanges are topic exchanges (routing key = queue name) so Celery's native delayed delivery
carries retries with a countdown; publishes wait for the broker's confirm (``confirm_publish``), so the
outbox marks an event sent only once RabbitMQ has taken responsibility for it.
"""

from __future__ import annotations

from typing import Any

from celery import Celery, bootsteps
from celery.signals import worker_init
from kombu import Consumer, Exchange, Message, Queue

from shared.logging import get_logger
from shared.queues import ALL_QUEUES, DEAD_LETTER_EXCHANGE, DEAD_LETTER_QUEUE
from shared.settings import Settings, get_settings

log = get_logger(__name__)
RETRY_DEAD_LETTER_AFTER_S = 5.0  # the database is down: try recording the dead letter again after this


def is_amqp(url: str) -> bool:
    """Whether the broker URL names RabbitMQ (py-amqp)."""
    return url.startswith(("amqp://", "amqps://", "pyamqp://"))


def transport_options() -> dict[str, Any]:
    """py-amqp options: every publish waits for the broker's confirm (a nack raises MessageNacked)."""
    return {"confirm_publish": True}


def task_queues(settings: Settings) -> list[Queue]:
    """The stage queues as quorum queues whose exhausted messages are dead-lettered."""
    arguments = {
        "x-queue-type": "quorum",
        "x-delivery-limit": settings.broker_delivery_limit,
        "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
        # At-least-once dead-lettering needs reject-publish overflow (no length limit is set).
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
    }
    return [Queue(name, Exchange(name, type="topic", durable=True), routing_key=name, durable=True,
                  queue_arguments=arguments) for name in ALL_QUEUES]


def dead_letter_queue() -> Queue:
    """The queue that collects every message a stage queue gave up on."""
    return Queue(DEAD_LETTER_QUEUE, Exchange(DEAD_LETTER_EXCHANGE, type="topic", durable=True),
                 routing_key="#", durable=True, queue_arguments={"x-queue-type": "quorum"})


def deliveries(message: Message) -> int:
    """How many times the broker delivered the message before giving up on it.

    A quorum queue dead-letters a message once its deliveries exceed the limit; the ``x-delivery-count`` header
    it carries may lag by one, and ``x-death`` counts dead-letterings, not deliveries.
    """
    counted = int((message.headers or {}).get("x-delivery-count") or 0)
    return max(counted, get_settings().broker_delivery_limit + 1)


class DeadLetterConsumer(bootsteps.ConsumerStep):
    """In every worker: moves what the broker dead-lettered into the dead-letter table, then acks."""

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.timer = getattr(parent, "timer", None)

    def get_consumers(self, channel: Any) -> list[Consumer]:
        return [Consumer(channel, queues=[dead_letter_queue()], callbacks=[self.on_message], accept=["json"],
                         prefetch_count=1)]

    def on_message(self, body: Any, message: Message) -> None:
        from shared.deadletter import record_undeliverable

        headers = message.headers or {}
        kwargs = body[1] if isinstance(body, list) and len(body) > 1 and isinstance(body[1], dict) else {}
        try:
            record_undeliverable(str(headers.get("task", "unknown")), str(headers.get("id", "")),
                                 kwargs.get("message", kwargs), deliveries(message))
        except Exception as exc:  # the database is down: keep the message and try again shortly
            log.warning("dead_letter.record_failed", error=f"{type(exc).__name__}: {exc}")
            if self.timer is not None:
                self.timer.call_after(RETRY_DEAD_LETTER_AFTER_S, message.requeue)
            else:
                message.requeue()
            return
        message.ack()


def declare_topology(app: Celery) -> None:
    """Declare every stage queue with its exchange, and the dead-letter exchange and queue.

    A worker declares only the queues it consumes, but Celery's delayed delivery binds every queue of the
    app (its exchange must exist), and a quorum queue's dead letters need their exchange and queue before
    the first message runs out of deliveries. Declaring is idempotent.
    """
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=30, interval_start=0.5, interval_step=0.5, interval_max=2)
        channel = conn.channel()
        try:
            for queue in [*app.conf.task_queues, dead_letter_queue()]:
                queue(channel).declare()
        finally:
            channel.close()


def configure(app: Celery, settings: Settings) -> None:
    """RabbitMQ-only settings of an app: per-consumer QoS, native delayed delivery, the dead-letter consumer."""
    app.conf.update(
        # Quorum queues refuse global QoS; Celery detects them and uses per-consumer prefetch.
        worker_detect_quorum_queues=True,
        broker_native_delayed_delivery_queue_type="quorum",
    )
    app.steps["consumer"].add(DeadLetterConsumer)

    @worker_init.connect(sender=None, weak=False)
    def _declare(sender: Any = None, **_: Any) -> None:
        if sender is not None and getattr(sender, "app", None) is not app:
            return
        try:
            declare_topology(app)
        except Exception as exc:  # the consumer declares its own queue on connecting; delayed retries wait
            log.warning("rabbit.declare_failed", error=f"{type(exc).__name__}: {exc}")
