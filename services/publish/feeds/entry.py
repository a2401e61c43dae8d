"""What a feed is made of: one `FeedEntry` per article and the `FeedMeta` of the feed itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import datetime

# XML 1.0 forbids most C0 controls even as character references; wire copy does carry them
# (vertical tabs, form feeds), and lxml refuses the whole document if one slips through.
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """The text without characters XML 1.0 cannot carry."""
    return _NOT_XML_CHAR.sub("", text)


def _require_aware(obj: object) -> None:
    """Refuse naive datetimes: a feed date without an offset is read in the reader's zone."""
    for f in fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if isinstance(value, datetime) and value.utcoffset() is None:
            raise ValueError(f"{type(obj).__name__}.{f.name} must be timezone-aware")


@dataclass(frozen=True)
class FeedEntry:
    """One article as every feed format shows it."""

    id: str  # article id (uuid string)
    title: str
    link: str  # absolute URL of the article (the API's /v1/articles/<id>)
    summary: str
    content_html: str  # already-sanitised HTML
    published: datetime
    updated: datetime
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # place and entity names
    language: str | None = None
    point: tuple[float, float] | None = None  # main place (lat, lon)

    def __post_init__(self) -> None:
        _require_aware(self)

    @property
    def urn(self) -> str:
        """The entry's permanent id in every format: RFC 4122 URN of the article id."""
        return f"urn:uuid:{self.id}"


@dataclass(frozen=True)
class FeedMeta:
    """The feed itself: identity, title, where it lives and when it last changed."""

    id: str  # stable feed id (tag: URI or the feed's URL)
    title: str
    self_url: str  # absolute URL of this feed
    home_url: str
    updated: datetime
    next_url: str | None = None  # RFC 5005 paging: the next (older) page, when there is one
    hub_url: str | None = None  # WebSub hub subscribers may register with

    def __post_init__(self) -> None:
        _require_aware(self)
