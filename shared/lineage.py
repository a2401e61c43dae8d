"""Which article, and which request, a stage message concerns: read from the ids the message carries.

The task decorator binds these to the log context once per task, and passes the article id to the dead-letter
table itself: a dead letter never depends on what a log call happened to bind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select, text

from shared.db import session_scope
from shared.models import ArticleVersion, Delivery, Submission


@dataclass(frozen=True)
class Lineage:
    """The article a message concerns and the request that brought its submission (None when unknown)."""

    article_id: str | None = None
    request_id: str | None = None

    def context(self) -> dict[str, str]:
        """The ids worth binding to the log context (unknown ones left out)."""
        return {name: value for name, value in (("article_id", self.article_id), ("request_id", self.request_id))
                if value is not None}


def _query(key: str, value: str) -> Select[tuple[str, str | None]] | None:
    if key == "submission_id":
        return select(Submission.article_id, Submission.request_id).where(Submission.id == value)
    by_version = (select(ArticleVersion.article_id, Submission.request_id)
                  .join(Submission, Submission.id == ArticleVersion.submission_id))
    if key == "version_id":
        return by_version.where(ArticleVersion.id == value)
    if key == "delivery_id":
        return (by_version.join(Delivery, Delivery.version_id == ArticleVersion.id).where(Delivery.id == value))
    return None


def lineage_of(payload: Mapping[str, Any], wait_ms: int | None = None) -> Lineage:
    """The article and request behind a stage message (``submission_id``, ``version_id`` or ``delivery_id``).

    ``wait_ms`` bounds the lookup on PostgreSQL (a lock it would wait for, e.g. a migration's, or a slow query
    raises instead): for callers that must not be held up, like a worker's consumer loop.
    """
    if not isinstance(payload, Mapping):  # a malformed message: the task refuses it as poison
        return Lineage()
    for key in ("submission_id", "version_id", "delivery_id"):
        value = payload.get(key)
        batch = payload.get(f"{key}s")
        if value is None and isinstance(batch, list) and len(batch) == 1:  # a batch of one names its article
            value = batch[0]
        query = _query(key, value) if isinstance(value, str) else None
        if query is not None:
            with session_scope() as session:
                if wait_ms is not None and session.get_bind().dialect.name == "postgresql":
                    session.execute(text(f"SET LOCAL lock_timeout = {int(wait_ms)}"))
                    session.execute(text(f"SET LOCAL statement_timeout = {int(wait_ms)}"))
                row = session.execute(query).first()
            return Lineage(*row) if row is not None else Lineage()
    return Lineage()


def lineage_if_known(payload: Mapping[str, Any]) -> Lineage:
    """``lineage_of``, or no ids when the database cannot say: a log field or a dead letter's article id never
    fails the work it describes."""
    try:
        return lineage_of(payload)
    except Exception:  # noqa: BLE001 - see above
        return Lineage()
