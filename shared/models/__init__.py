"""The schema: what newsflow stores about articles, their enrichment, mirrors and deliveries.

Unique keys make every hand-off idempotent: (source, guid) for articles, one version per submission,
one number per (article, version), one delivery per (mirror, version, event). Whether a submission repeats
one already held (same text, same pubstatus) is decided under the article's row lock (shared/article_lock.py).

One module per group of tables; every name is importable from ``shared.models``.
"""

from .articles import (
    Article,
    ArticleStatus,
    ArticleVersion,
    Entity,
    Mention,
    Place,
    Submission,
    version_and_article,
)
from .base import NAMING_CONVENTION, Base, new_id, utcnow
from .deliveries import Delivery, DeliveryState, Mirror, MirrorLease
from .feeds import Feed, FeedHost, FeedItem, FeedState
from .operations import DeadLetter, OutboxEvent, ReconcilerLease, Redrive, WorkClaim, WorkerBeat
from .sources import IdempotentRequest, Source, WebhookReceipt

__all__ = [
    "NAMING_CONVENTION", "Article", "ArticleStatus", "ArticleVersion", "Base", "DeadLetter", "Delivery",
    "DeliveryState", "Entity", "Feed", "FeedHost", "FeedItem", "FeedState", "IdempotentRequest", "Mention",
    "Mirror", "MirrorLease", "OutboxEvent", "Place", "ReconcilerLease", "Redrive", "Source", "Submission",
    "WebhookReceipt", "WorkClaim", "WorkerBeat", "new_id", "utcnow", "version_and_article",
]
