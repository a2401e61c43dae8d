"""Name folding shared by the index writer and the lookups: one place name, one key."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u2013": "-", "\u2014": "-"})


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character lower-cased without accents; one whose folding changes the length stays as it is."""
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).lower()
    if len(base) == 1:
        return base
    lowered = char.lower()
    return lowered if len(lowered) == 1 else char


def fold(text: str) -> str:
    """Lower-case and strip accents without changing the length, so offsets stay valid."""
    folded = text.translate(_APOSTROPHES)
    if folded.isascii():
        return folded.lower()
    return "".join(_fold_char(c) for c in folded)


def key(name: str) -> str:
    """The lookup key of a place name: folded, single-spaced, without a leading article."""
    folded = _SPACE.sub(" ", fold(name)).strip(" ,;:")
    if folded.startswith("the "):
        folded = folded[4:]
    return folded
