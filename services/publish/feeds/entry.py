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
class Category:
    """A place, entity or country the entry is filed under: ``scheme`` + ``term`` + ``.atom`` is its feed."""

    term: str  # GeoNames id, entity id or ISO country code
    scheme: str  # shared/links.py scheme(): one URI per kind
    label: str  # its name, for people


@dataclass(frozen=True)
class FeedEntry:
    """One article as every feed format shows it."""

    id: str  # article id (uuid string)
    title: str
    link: str  # absolute URL of the article's web page (/articles/<id>)
    summary: str
    content_html: str  # already-sanitised HTML
    published: datetime  # when the source first created the article
    updated: datetime  # when the source created this version
    authors: tuple[str, ...] = ()  # the source (wire service)
    contributors: tuple[str, ...] = ()  # the byline
    categories: tuple[Category, ...] = ()
    language: str | None = None
    point: tuple[float, float] | None = None  # main place (lat, lon)
    json_url: str | None = None  # the article's JSON (/v1/articles/<id>), an alternate of the page

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
    language: str = "en"  # the language most of its entries are in
    author: str | None = None  # the source, for a source's feed; every entry names its own

    def __post_init__(self) -> None:
        _require_aware(self)
