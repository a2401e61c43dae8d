"""Re-casing shouted lines for spaCy: "JAPAN GET LUCKY WIN" reads as "Japan get lucky win", offsets unchanged.

spaCy's small model finds few names in upper-case text (wire headlines, all-caps copy). Each word of a line
that is mostly upper case takes the casing the same article gives it elsewhere ("Hakkinen", "UN", "win"),
else title case when it is a known country, division or big city or a given name, else lower case. Only the
copy spaCy reads is re-cased; every character keeps its place, so offsets into the original text hold.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+")
MIN_LETTERS = 8  # "NEW YORK" as a line of its own is a dateline or a heading, re-cased too
UPPER_SHARE = 0.6
SHORT = 3
_RUN = re.compile(rf"[A-Z][^a-z\n]{{{MIN_LETTERS - 1},}}")


def _shouted(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= MIN_LETTERS and sum(c.isupper() for c in letters) >= UPPER_SHARE * len(letters)


def _vocabulary(lines: list[str]) -> dict[str, str]:
    """How the article writes each word where it is not shouting: its most frequent form, by upper case."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        if not _shouted(line):
            for match in _WORD.finditer(line):
                forms[match.group().upper()][match.group()] += 1
    return {word: counts.most_common(1)[0][0] for word, counts in forms.items()}


def recased(text: str, is_name: Callable[[str], bool]) -> str:
    """``text`` with its mostly upper-case lines re-cased; the same length, character for character."""
    if not _RUN.search(text):
        return text  # the common case, told cheaply: no shouted line without a run of capitals
    lines = text.split("\n")
    if not any(_shouted(line) for line in lines):
        return text
    vocabulary = _vocabulary(lines)
    return "\n".join(_recased_line(line, vocabulary, is_name) if _shouted(line) else line for line in lines)


def _recased_line(line: str, vocabulary: dict[str, str], is_name: Callable[[str], bool]) -> str:
    words = list(_WORD.finditer(line))
    chars = list(line)
    i = 0
    while i < len(words):
        size = next((n for n in (3, 2) if i + n <= len(words) and _joined(line, words[i:i + n])
                     and is_name(_title(_joined(line, words[i:i + n])))), 1)
        for match in words[i:i + size]:
            word = match.group()
            form = _title(word) if size > 1 else _recase_word(word, vocabulary, is_name)
            if len(form) == len(word):  # some letters change length when cased: leave those words be
                chars[match.start():match.end()] = form
        i += size
    return "".join(chars)


def _joined(line: str, words: list[re.Match[str]]) -> str:
    """The words as one name when only single spaces part them, else ""."""
    gaps = [line[a.end():b.start()] for a, b in zip(words, words[1:], strict=False)]
    return line[words[0].start():words[-1].end()] if all(g == " " for g in gaps) else ""


def _title(word: str) -> str:
    return " ".join(w[:1] + w[1:].lower() for w in word.split(" "))


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """spaCy's English function words, imported on first use: pipeline.py sets up numpy before spaCy loads."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _recase_word(word: str, vocabulary: dict[str, str], is_name: Callable[[str], bool]) -> str:
    if not word.isupper():
        return word
    if word in vocabulary:
        return vocabulary[word]
    if word.lower() in _stop_words():
        return word.lower()
    if len(word) <= SHORT:
        return word  # "UN", "EU": an unknown short word in capitals is more often an acronym than a word
    return _title(word) if is_name(_title(word)) else word.lower()
