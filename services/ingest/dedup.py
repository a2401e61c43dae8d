"""Identity of a submission: its guid, and a content hash that survives cosmetic re-sends.

A wire that re-sends an article with different line breaks, no-break spaces, curly instead of straight
quotes, or a changed letter case sends the same article: the hash is taken over a canonical form that
ignores exactly those differences, and nothing else.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from .formats.submission import Submission

GUID_PREFIX = "urn:newsflow:sha256:"
QUOTES = {"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
          "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"'}
# Replaced where they occur (a translate table would look up every character of the text: most have no quote).
QUOTE_CHARACTERS = re.compile("[" + "".join(QUOTES) + "]")
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Keeps "ab" + "c" and "a" + "bc" apart; it cannot occur in canonical text, whose whitespace is spaces.
FIELD_SEPARATOR = "\x1f"


def canonical(text: str | None) -> str:
    """The text as compared: NFKC, case-folded, quotes straightened, invisible characters dropped."""
    folded = QUOTE_CHARACTERS.sub(_straight, unicodedata.normalize("NFKC", text or "").casefold())
    return " ".join(INVISIBLE.sub("", folded).split())  # str.split's whitespace is the regex \s: Unicode's


def _straight(quote: re.Match[str]) -> str:
    return QUOTES[quote.group()]


def content_hash(headline: str | None, body: str) -> str:
    """SHA-256 (hex) of the canonical headline and body."""
    joined = f"{canonical(headline)}{FIELD_SEPARATOR}{canonical(body)}"
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def identity(sub: Submission) -> tuple[str, str]:
    """(guid, content hash of the raw text); without a guid or uri the hash names the article."""
    digest = content_hash(sub.headline, sub.body_text or sub.body_html or "")
    return sub.guid or sub.uri or f"{GUID_PREFIX}{digest}", digest
