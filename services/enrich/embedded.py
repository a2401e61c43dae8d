"""Places named inside organisations' names ("Ohio" in "Ohio Supreme Court", "Dublin" in "Dublin City Council")."""

from __future__ import annotations

import re

from .gazetteer.index import Gazetteer
from .gazetteer.store import ABBREVIATION, NAME
from .mention import Mention

MIN_TOWN = 10_000  # smaller towns named inside an organisation are more often surnames or words
_WORD = re.compile(r"[^\s,;:()/]+")
_POSSESSIVE = re.compile(r"(?:['\u2019]s?|[.,])$")
_AREAS = frozenset({"PCLI", "ADM1", "ADM2", "CONT"})


def _words(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _WORD.finditer(text):
        word = match.group()
        # "Georgia's" loses its possessive; "U.S." keeps its points
        bare = word if word.endswith(".") and len(word) <= 5 else _POSSESSIVE.sub("", word)
        end = match.start() + len(bare)
        if end > match.start():
            spans.append((match.start(), end))
    return spans


def is_named_place(gazetteer: Gazetteer, name: str) -> bool:
    """Whether ``name`` is the own name of a country, division, feature or sizeable town."""
    return any(c.kind in (NAME, ABBREVIATION) and (
        c.feature_code in _AREAS or c.feature_class in ("H", "T", "L")
        or (c.feature_class == "P" and c.population >= MIN_TOWN)) for c in gazetteer.lookup(name))


def embedded_places(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Place mentions inside spaCy's organisation and facility names, longest names first."""
    found = []
    for org in (m for m in mentions if m.label in ("ORG", "FAC") and m.source == "ner"):
        words = _words(org.text)
        i = 0
        while i < len(words):
            step = 1
            for size in (3, 2, 1):
                if i + size > len(words):
                    continue
                start, end = org.start + words[i][0], org.start + words[i + size - 1][1]
                surface = text[start:end]
                if (start, end) != (org.start, org.end) and surface[:1].isupper() \
                        and is_named_place(gazetteer, surface):
                    found.append(Mention(start, end, surface, "GPE", "embedded"))
                    step = size
                    break
            i += step
    return found
