"""The topic exchange downstream consumers bind to, and the routing keys of article announcements.

A key reads ``article.<event>.<language>.<country>``, so a subscriber binds ``article.*.fr.#`` for French
copy or ``article.published.*.ua`` for new stories about Ukraine. Each part is sanitised: a dot would add
a level and ``*``/``#`` would turn a key into a pattern.
"""

from __future__ import annotations

import re

from shared.queues import ARTICLES_EXCHANGE

EXCHANGE = ARTICLES_EXCHANGE  # spelled once, in shared.queues; re-exported for the publish service
UNKNOWN = "xx"  # ISO 639 and 3166 leave "xx" unassigned: safe as "not known"

_NOT_KEY_CHAR = re.compile(r"[^a-z0-9_-]+")


def routing_key(event: str, language: str | None, country_code: str | None) -> str:
    """``article.<event>.<lang or xx>.<cc or xx>``, lower case, every part in [a-z0-9_-]."""
    name = _part(event)
    if not name:
        raise ValueError(f"event {event!r} has no usable characters")
    return f"article.{name}.{_part(language) or UNKNOWN}.{_part(country_code) or UNKNOWN}"


def _part(value: str | None) -> str:
    """One key part: lower case, runs of other characters folded to '_', trimmed."""
    return _NOT_KEY_CHAR.sub("_", (value or "").strip().lower()).strip("_")
