"""text/plain: a page as scraped; the raw text is the body, and normalize finds its structure later."""

from __future__ import annotations

from shared.errors import InvalidInput

from .submission import Submission, build


def require_letters(text: str, field: str = "body") -> None:
    """Raise InvalidInput unless the text holds at least one letter (digits and symbols are no article)."""
    if not any(char.isalpha() for char in text):
        raise InvalidInput(field, "has no letters: an article needs some words")


def parse_text(text: str) -> Submission:
    """One Submission whose body_text is the whole scraped page."""
    require_letters(text)
    return build(format="text", body_text=text)
