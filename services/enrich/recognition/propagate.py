"""One sense per discourse: a name recognised once is recognised wherever else the article repeats it."""

from __future__ import annotations

import ahocorasick

from .mention import Mention

_MIN_LENGTH = 3


def _keys(mentions: list[Mention]) -> dict[str, Mention]:
    """Names worth looking for again, each with the mention whose label it carries; surnames included."""
    keys: dict[str, Mention] = {}
    for mention in mentions:
        if len(mention.text) >= _MIN_LENGTH and mention.text[0].isupper():
            keys.setdefault(mention.text, mention)
    for mention in mentions:
        words = mention.text.split()
        if mention.label == "PERSON" and len(words) > 1 and len(words[-1]) >= _MIN_LENGTH:
            keys.setdefault(words[-1], mention)
    return keys


def _bounded(text: str, start: int, end: int) -> bool:
    """Neither a word character nor a hyphen touches the span on either side."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "_-" or after.isalnum() or after in "_-")


def _occurrences(keys: dict[str, Mention], text: str) -> list[tuple[int, int]]:
    """Whole-word occurrences of the keys, leftmost first and the longest at each start, never overlapping.

    An Aho-Corasick automaton: a regular expression of the article's names, compiled anew for every article,
    was a fifth of the rules' time."""
    automaton = ahocorasick.Automaton()
    for name in keys:
        automaton.add_word(name, len(name))
    automaton.make_automaton()
    found = sorted(((last + 1 - length, -length) for last, length in automaton.iter(text)
                    if _bounded(text, last + 1 - length, last + 1)))
    spans, reached = [], 0
    for start, minus in found:
        if start >= reached:
            spans.append((start, start - minus))
            reached = start - minus
    return spans


def propagate(text: str, mentions: list[Mention], cased: str | None = None) -> list[Mention]:
    """Mentions for the unlabelled repetitions of names the article already has.

    ``cased`` is the re-cased copy spaCy read (see casing.py), searched so that "ESTORIL" in a shouted
    headline repeats "Estoril"; the mentions keep the original text."""
    keys = _keys(mentions)
    if not keys:
        return []
    searched = cased if cased is not None and len(cased) == len(text) else text
    taken = sorted((m.start, m.end) for m in mentions)
    found = []
    for start, end in _occurrences(keys, searched):
        if any(s < end and start < e for s, e in taken):
            continue
        source = keys[searched[start:end]]
        found.append(Mention(start, end, text[start:end], source.label, "propagated", source.demonym))
    return found
