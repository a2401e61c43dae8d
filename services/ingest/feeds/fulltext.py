"""Full text: for an item that carries only a summary, fetch its page (same politeness and SSRF rules as the
feed) and take the article out of it with trafilatura, keeping what the page says of itself (title, author,
date, language, canonical URL). The page's canonical URL joins the item's identity.

``--full-text auto`` fetches when the item's text is shorter than NEWSFLOW_FEED_FULL_TEXT_THRESHOLD,
``always`` for every item with a link, ``never`` not at all. A page that cannot be fetched or read (a paywall, a
404, no article found) leaves the item as the feed gave it, and the poll says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import httpx
import trafilatura

from services.ingest.formats.submission import Submission, build
from shared.errors import FetchFailed, InvalidInput
from shared.settings import get_settings

from . import fetch
from .identity import page_key
from .items import Candidate

MODES = ("auto", "always", "never")
TAGS = re.compile(r"<[^>]+>")
HTML = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class Page:
    """An item's page as an article: its text and metadata as a Submission, and the keys its URL adds."""

    submission: Submission
    keys: tuple[str, ...]


def wanted(mode: str, candidate: Candidate) -> bool:
    """Whether this item's page is fetched under ``mode``."""
    if mode == "never" or not candidate.entry.link:
        return False
    if mode == "always":
        return True
    text = TAGS.sub(" ", candidate.entry.content or candidate.entry.summary or "")
    return len(" ".join(text.split())) < get_settings().feed_full_text_threshold


def pages(client: httpx.Client, mode: str, chosen: Sequence[Candidate], notes: list[str]
          ) -> dict[int, Page | str]:
    """The pages of the chosen items that ``mode`` wants, by index; a page that failed is the reason why (the
    summary is kept, and the article says so)."""
    found: dict[int, Page | str] = {}
    for index, candidate in enumerate(chosen):
        if not wanted(mode, candidate):
            continue
        link = candidate.entry.link or ""
        try:
            found[index] = page(client, link)
        except (FetchFailed, InvalidInput) as exc:
            found[index] = f"full text not used ({exc}); the feed's summary is kept"
            notes.append(f"{link}: {found[index]}")
    return found


def page(client: httpx.Client, link: str) -> Page:
    """The article on the page at ``link``; FetchFailed or InvalidInput when there is none to be had."""
    answer = fetch.get(client, link, accept=HTML)
    extracted = trafilatura.bare_extraction(answer.body.decode("utf-8", "replace"), url=answer.url,
                                            with_metadata=True)
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text:
        raise InvalidInput("page", f"no article found on {answer.url} (a paywall, or no text)")
    meta = {name: getattr(extracted, name, None) for name in ("title", "author", "date", "language", "url")}
    submission = build("page.", format="ninjs", headline=meta["title"], body_text=text, byline=meta["author"])
    extra = {"firstcreated": meta["date"], "language": meta["language"]}
    for name, value in extra.items():  # what the page says of itself is taken only when it reads
        try:
            submission = build("page.", **(submission.model_dump() | {name: value}))
        except InvalidInput:
            continue
    keys = tuple(key for key in (page_key(meta["url"] or ""), page_key(answer.url)) if key)
    return Page(submission, keys)
