"""Places named inside organisations' names ("Ohio" in "Ohio Supreme Court", "Dublin" in "Dublin City Council")."""

from __future__ import annotations

import re

from ..gazetteer.index import Gazetteer
from ..gazetteer.store import ABBREVIATION, NAME
from .mention import Mention
from .words import GENERIC_WORDS

MIN_TOWN = 10_000  # smaller towns named inside an organisation are more often surnames or words
_WORD = re.compile(r"[^\s,;:()/]+")
_POSSESSIVE = re.compile(r"(?:['\u2019]s?|[.,])$")
_AREAS = frozenset({"PCLI", "ADM1", "ADM2", "CONT"})
_LEAD_INS = frozenset({"of", "in", "at", "for", "de", "du", "do"})


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
    """Whether ``name`` is the own name of a country, division, feature or sizeable town, not an org word."""
    if name.lower() in GENERIC_WORDS:
        return False
    # an abbreviation only as abbreviations are written ("UK", "Calif."): "Pan" of "Pan American" is no Panama
    kinds = (NAME, ABBREVIATION) if name.isupper() or name.endswith(".") else (NAME,)
    return any(c.kind in kinds and (
        c.feature_code in _AREAS or c.feature_class in ("H", "T", "L")
        or (c.feature_class == "P" and c.population >= MIN_TOWN)) for c in gazetteer.lookup(name))


def embedded_places(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Place names opening an organisation's or facility's name, or following its "of" ("Bank of Japan")."""
    found = []
    for org in (m for m in mentions if m.label in ("ORG", "FAC") and m.source in ("ner", "cue")):
        words = _words(org.text)
        starts = [0] + [i + 1 for i, (a, b) in enumerate(words[:-1]) if org.text[a:b].lower() in _LEAD_INS]
        for i in starts:
            for size in (3, 2, 1):
                if i + size > len(words):
                    continue
                start, end = org.start + words[i][0], org.start + words[i + size - 1][1]
                surface = text[start:end]
                if (start, end) != (org.start, org.end) and surface[:1].isupper() \
                        and is_named_place(gazetteer, surface):
                    found.append(Mention(start, end, surface, "GPE", "embedded"))
                    break
    return found
