"""text/html: a whole page as fetched; only a cheap sanity check here, extraction happens in normalize."""

from __future__ import annotations

import html
import re

from .plaintext import require_letters
from .submission import Submission, build

# Regexes, not a parser: this runs inside the HTTP request and only has to find out whether any
# visible text exists at all. Scripts, styles and comments are not visible.
INVISIBLE = re.compile(r"<(script|style|template|noscript)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
TAG = re.compile(r"<[^>]*>")


def visible_text(page: str) -> str:
    """The page's text with tags, scripts, styles and comments removed and entities decoded."""
    return html.unescape(TAG.sub(" ", INVISIBLE.sub(" ", page)))


def require_visible_letters(page: str, field: str = "body") -> None:
    """Raise InvalidInput unless some letter is visible outside the markup."""
    require_letters(visible_text(page), field)


def parse_html(page: str) -> Submission:
    """One Submission whose body_html is the raw page."""
    require_visible_letters(page)
    return build(format="html", body_html=page)
