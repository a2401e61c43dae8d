"""An item's identity: its guid, else its canonical link, else a hash of its title and date.

Every key an item is seen under is remembered per source (``FeedItem``), so an item keeps the identity it was
first given when its guid changes while its link stays, when another feed of the source carries it, or when its
page names a canonical URL.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from .document import Entry

HASH_PREFIX = "urn:newsflow:feed:sha256:"
MAX_IDENTITY = 500  # Article.guid
# Tracking parameters: they name the campaign that brought a reader, not the page.
TRACKING = ("utm_", "mc_", "_hs", "pk_", "mtm_")
TRACKING_NAMES = {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ref_src", "cmpid", "ncid", "_ga",
                  "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "wt_mc", "at_medium", "at_campaign"}


def canonical_link(url: str) -> str | None:
    """The link as compared: w3lib's canonical form (lower-case host, sorted query, no fragment) without
    tracking parameters; None for what is not an http(s) URL."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    query = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
             if not (name.lower().startswith(TRACKING) or name.lower() in TRACKING_NAMES)]
    stripped = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))
    return canonicalize_url(stripped)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class Keys:
    """The keys an item is looked up by (strongest first) and the identity it gets if none is known yet."""

    keys: tuple[str, ...]
    identity: str


def keys_of(entry: Entry, feed_link: str | None = None) -> Keys:
    """The item's keys: ``guid:``, ``link:`` (unless it is the feed's own home page) and, failing both, ``hash:``."""
    keys: list[str] = []
    identity = None
    if entry.guid:
        guid = entry.guid.strip()
        identity = guid if len(guid) <= MAX_IDENTITY else HASH_PREFIX + _digest("guid", guid)
        keys.append("guid:" + identity)
    home = canonical_link(feed_link) if feed_link else None
    link = canonical_link(entry.link) if entry.link else None
    if link is not None and link != home:
        link_key = link if len(link) <= MAX_IDENTITY else HASH_PREFIX + _digest("link", link)
        identity = identity or link_key
        keys.append("link:" + link_key)
    if identity is None:
        moment = (entry.published or entry.updated)
        identity = HASH_PREFIX + _digest(entry.title or "", moment.isoformat() if moment else "")
        keys.append("hash:" + identity)
    return Keys(tuple(keys), identity)


def content_hash(entry: Entry) -> str:
    """What a change is measured by: the title, summary and content (an edit of any is a new version)."""
    return _digest(entry.title or "", entry.summary or "", entry.content or "")


def page_key(url: str) -> str | None:
    """The key of a page's canonical URL (full text), which joins the item's identity."""
    link = canonical_link(url)
    if link is None:
        return None
    return "link:" + (link if len(link) <= MAX_IDENTITY else HASH_PREFIX + _digest("link", link))
