"""Common words that look like places: a lower-case word, and a place name that is also an everyday noun used
as one ("Turkey prices", "Jersey cows", "a China cabinet", "Java developers", "Bath salts").

Two rules, both about how the word is used, not about which word it is:
- a name written entirely in lower case ("metro", "chile peppers") is no place name: English capitalises those;
- a one-word place name whose lower-case form is an everyday English noun (HOMOGRAPHS: the class, from the
  dictionary, not from any corpus) is that noun when it directly modifies a lower-case noun ("Turkey prices"),
  unless a preposition of place comes before it ("in Turkey") or the dateline names it.
A country named as a modifier without being a homograph ("Ukraine peace talks", "Iran nuclear deal") stays a
place: that is how news names the place.
"""

from __future__ import annotations

import re

from .mention import Mention

# Place names that are also ordinary English nouns or adjectives (and mean the noun when they modify one).
HOMOGRAPHS = frozenset("""
bath bologna brie buffalo cayenne champagne cheddar chile china cologne darjeeling denim guinea jersey
java madeira main mobile nice orange panama reading roquefort sherry turkey worcestershire angora
cashmere bermuda calico tabasco oxford derby cardigan fez homburg manila mocha shetland suede tangerine
""".split())
# Lower-case words after a name that are not a noun it could modify (verbs, function words).
_NOT_HEADS = frozenset("""
a an and are as at be been but by for from had has have in into is it its of on or said says than that
the then to was were which who will with would could should may might can did does do not also
""".split())
_NEXT_WORD = re.compile(r"\s+([a-z][a-z-]+)\b")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|from|to|across|into|throughout|outside|of)\s+(?:the\s+)?$",
                           re.IGNORECASE)


def _modifies_a_noun(text: str, mention: Mention) -> bool:
    after = _NEXT_WORD.match(text, mention.end)
    if after is None or after.group(1) in _NOT_HEADS:
        return False
    return _PLACE_BEFORE.search(text[max(0, mention.start - 24):mention.start]) is None


def _candidate(m: Mention) -> bool:
    return m.is_place and not m.demonym and m.source != "dateline"


def not_common_words(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions without places that are really common words (see the module's docstring).

    A homograph is the noun only where the article never uses it otherwise: one "from Turkey" or a dateline
    makes every "Turkey" in the story the country."""
    placed: dict[str, bool] = {}
    for m in mentions:
        word = m.text.lower()
        if word in HOMOGRAPHS:
            placed[word] = placed.get(word, False) or not _candidate(m) or not _modifies_a_noun(text, m)
    return [m for m in mentions if not (_candidate(m) and (
        not any(c.isupper() for c in m.text) or placed.get(m.text.lower()) is False))]
