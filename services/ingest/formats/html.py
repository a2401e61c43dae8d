"""text/html: a whole page as fetched; only a cheap sanity check here, extraction happens in normalize."""

from __future__ import annotations

from services.ingest.htmltext import visible_text

from .plaintext import require_letters
from .submission import Submission, build

__all__ = ["parse_html", "require_visible_letters", "visible_text"]


def require_visible_letters(page: str, field: str = "body") -> None:
    """Raise InvalidInput unless some letter is visible outside the markup (scripts, styles, comments)."""
    require_letters(visible_text(page), field)


def parse_html(page: str) -> Submission:
    """One Submission whose body_html is the raw page."""
    require_visible_letters(page)
    return build(format="html", body_html=page)
