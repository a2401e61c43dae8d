"""Which event a version is announced as, if any: one ``published`` per article, then ``updated``s in order.

Versions of one article reach the publish stage in any order (enrich workers run in parallel, a kill
skips enrichment), so the event cannot follow from the version alone. Under the article's row lock:
- a version that is not the article's current one is superseded: announcing it would take receivers back;
- a withheld version is held: nothing announced, delivered or listed until a usable one comes;
- a kill is ``withdrawn``;
- the first version announced is ``published``, every later one ``updated``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from shared.models import Article, ArticleVersion

Event = Literal["published", "updated", "withdrawn"]


@dataclass(frozen=True)
class Decision:
    """An event to announce, or the reason there is none (``superseded`` or ``held``)."""

    event: Event | None
    reason: str = ""


def decide(article: Article, version: ArticleVersion) -> Decision:
    """The event for ``version``: none unless it is the article's current version (the newest in the source's
    order, services/ingest/store.py; a version made late from an older submission is never current)."""
    if version.id != article.current_version_id:
        return Decision(None, "superseded")
    if version.pubstatus == "canceled":
        return Decision("withdrawn")
    if version.pubstatus == "withheld":
        return Decision(None, "held")
    return Decision("updated" if article.published_at is not None else "published")
