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


_ARTICLES = frozenset({"el", "al", "ad", "ar", "as", "at", "az", "an", "ash", "ed", "es", "er", "et", "ez"})
_DIPHTHONG = re.compile(r"(?<=[aeiouy])w(?![aeiouy])")
_VOWELS = re.compile(r"(?<=[a-z])y(?=[aeiou])|[aeiouy]+")
_DOUBLED = re.compile(r"([a-z])\1")
_UNSPELT = str.maketrans({"'": "", "\u02bf": "", "\u02be": "", "-": " ", ".": " "})


@lru_cache(maxsize=4096)
def sound(name: str) -> str:
    """A key that transliterations of one name share ("Hodeidah", "Hudaydah", "Hodeida"; "Deir al-Balah", "Dayr
    al Balah"; "Khan Younis", "Khan Yunis"): Arabic's article as "al", each run of vowels as one "a", a final
    "h" after a vowel and doubled letters dropped, "q" as "k", "dh" as "d", "aw" as a vowel ("Zawr", "Zor")."""
    words = []
    for word in key(name).translate(_UNSPELT).split():
        if word in _ARTICLES:
            words.append("al")
            continue
        word = _DIPHTHONG.sub("u", word.replace("dh", "d").replace("q", "k"))
        word = _DOUBLED.sub(r"\1", word)
        word = word[:-1] if len(word) > 2 and word.endswith("h") and word[-2] in "aeiouy" else word
        head, tail = word[:1], word[1:]  # a first "y" is a consonant ("Yunis")
        words.append(head + _VOWELS.sub("a", tail) if head in "y" else _VOWELS.sub("a", word))
    return " ".join(words)
