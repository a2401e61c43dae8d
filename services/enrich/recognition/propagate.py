"""One sense per discourse: a name recognised once is recognised wherever else the article repeats it."""

from __future__ import annotations

import re

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


def propagate(text: str, mentions: list[Mention], cased: str | None = None) -> list[Mention]:
    """Mentions for the unlabelled repetitions of names the article already has.

    ``cased`` is the re-cased copy spaCy read (see casing.py), searched so that "ESTORIL" in a shouted
    headline repeats "Estoril"; the mentions keep the original text."""
    keys = _keys(mentions)
    if not keys:
        return []
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
                         + r")(?![\w-])")
    taken = sorted((m.start, m.end) for m in mentions)
    found = []
    for match in pattern.finditer(cased if cased is not None and len(cased) == len(text) else text):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        source = keys[match.group()]
        found.append(Mention(start, end, text[start:end], source.label, "propagated", source.demonym))
    return found
