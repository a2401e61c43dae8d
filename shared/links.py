"""Where things live on our server: an article's page and JSON, the feeds of places, entities and countries.

Feeds, the article page and the mirrors' ninjs point at the same addresses, and a feed category's ``scheme``
plus its ``term`` is the feed of that place, entity or country (``{scheme}{term}.atom``).
"""

from __future__ import annotations

from shared.settings import get_settings


def article_url(article_id: str) -> str:
    """The absolute URL of an article's JSON status resource."""
    return f"{get_settings().base_url}/v1/articles/{article_id}"


def page_url(article_id: str) -> str:
    """The absolute URL of an article's HTML page."""
    return f"{get_settings().base_url}/articles/{article_id}"


def scheme(kind: str) -> str:
    """The category scheme URI of ``places``, ``entities`` or ``countries``: the folder of their feeds."""
    return f"{get_settings().base_url}/feeds/{kind}/"


def feed_url(kind: str, term: str | int, fmt: str = "atom") -> str:
    """The feed of one place (GeoNames id), entity (id) or country (ISO code)."""
    return f"{scheme(kind)}{term}.{fmt}"


def article_urn(article_id: str) -> str:
    """An article's permanent identifier in every format (feeds, ninjs): the RFC 4122 URN of its id."""
    return f"urn:uuid:{article_id}"
