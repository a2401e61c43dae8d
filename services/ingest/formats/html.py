"""text/html: a whole page as fetched; only a cheap sanity check here, extraction happens in normalize."""

from __future__ import annotations

from services.ingest.htmltext import visible_text
from shared.errors import InvalidInput

from .plaintext import require_letters
from .submission import Submission, build, require_processable

__all__ = ["parse_html", "require_visible_letters", "visible_text"]


def require_visible_letters(page: str, field: str = "body") -> None:
    """Raise InvalidInput unless some letter is visible outside the markup (scripts, styles, comments), and
    PayloadTooLarge if there is more than enrichment finishes within its time limit."""
    try:
        text = visible_text(page)
    except InvalidInput as exc:  # the markup itself is refused: name the field it came in
        raise InvalidInput(field, exc.reason) from None
    require_letters(text, field)
    require_processable(text, field)


def parse_html(page: str) -> Submission:
    """One Submission whose body_html is the raw page."""
    require_visible_letters(page)
    return build(format="html", body_html=page)
