"""Headlines in capitals, re-cased for the NER model, which reads "JAPAN GET LUCKY WIN" poorly."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_SMALL = frozenset({"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "the", "to", "with"})
_SHOUTED_SHARE = 0.9
_ACRONYM_LENGTH = 3  # "UN", "EU", "USA" stay as they are


def _recase(match: re.Match[str]) -> str:
    word = match.group()
    if word.lower() in _SMALL:
        return word.lower()
    if len(word) <= _ACRONYM_LENGTH:
        return word
    return word[0] + word[1:].lower()


def _shouted(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= _SHOUTED_SHARE * len(letters)


def for_ner(text: str) -> str:
    """The text with every all-capitals line in title case; same length, so offsets carry over."""
    lines = text.split("\n")
    recased = [_WORD.sub(_recase, line) if _shouted(line) else line for line in lines]
    result = "\n".join(recased)
    return result if len(result) == len(text) else text
