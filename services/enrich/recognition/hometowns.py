"""Hometowns: places local news names as where people live or serve, whatever spaCy made of them.

- A legislator's party and district: "Rep. Ann Lee, D-Springfield", "Sen. Bob Ray, R-Ohio".
- A town used as an adjective for its people and services: "a Winona man", "Grovetown police",
  "Huntsville Fire Chief", "the Camarillo resident".
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..gazetteer.index import Gazetteer
from ..gazetteer.store import ABBREVIATION, ALTERNATE, DEMONYM, NAME
from .mention import Mention
from .words import CALENDAR_WORDS, GENERIC_WORDS

_NAME = r"[A-Z][\w'\u2019.-]{0,39}(?: [A-Z][\w'\u2019.-]{0,39}){0,2}"
# after "Name, " or "(": "Ann Lee, D-Springfield", "(R-Ohio)"; not "D-Day"
_PARTY = re.compile(rf"(?:(?<=, )|(?<=\())(?:D|R|I|DFL)-(?P<name>{_NAME})")
# Not "family" or "couple": those follow surnames ("the Becker family").
_PEOPLE = re.compile(
    rf"(?P<name>{_NAME}) (?:man|woman|men|women|boy|girl|teen|teenager|youth|resident|residents|native|natives|"
    r"police|Police|firefighters|officials|Mayor|mayor|Fire (?:Department|Chief|Station)|Sheriff|Sheriff's|"
    r"Sheriff\u2019s)\b")
# Words that may open such a name without being part of it ("A Winona man").
_OPENERS = frozenset({"A", "An", "The", "Two", "Three", "Four", "Several", "Some", "Other", "Former", "Local"})
_SENTENCE_ENDS = frozenset('.!?:"\u201c\u201d\n')


def _known(gazetteer: Gazetteer, name: str, party: bool) -> bool:
    """A town or division so named (a party's district may be a state's abbreviation); not a people's name."""
    if name.lower() in GENERIC_WORDS or name.lower() in CALENDAR_WORDS:
        return False
    found = gazetteer.lookup(name)
    if any(c.kind == DEMONYM for c in found):
        return False  # "an Arab woman"
    if party:
        return any(c.kind in (NAME, ALTERNATE, ABBREVIATION) and c.feature_class in ("A", "P") for c in found)
    # spelt as the place spells itself: "One man" is no "One\u00e8", "PA officials" no state
    return any(c.kind == NAME and c.name == name and c.feature_class in ("A", "P") and c.feature_code != "PCLI"
               and not name.isupper() for c in found)


def _place_in(gazetteer: Gazetteer, text: str, start: int, end: int, party: bool) -> tuple[int, int] | None:
    """The longest known place among the name's leading words (party) or trailing words (people)."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    if not party:
        while len(words) > 1 and text[words[0][0]:words[0][1]] in _OPENERS:
            words = words[1:]
        return (words[0][0], words[-1][1]) if _known(gazetteer, text[words[0][0]:words[-1][1]], party) else None
    spans = [(words[0][0], words[size - 1][1]) for size in range(len(words), 0, -1)]
    for a, b in spans:
        name = text[a:b].rstrip(".,'\u2019")
        if _known(gazetteer, name, party):
            return a, a + len(name)
    return None


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_ENDS


def hometowns(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """The mentions with such places labelled places, added where nobody found them."""
    result = list(mentions)
    matches = [(m, True) for m in _PARTY.finditer(text)] + [(m, False) for m in _PEOPLE.finditer(text)]
    for match, party in matches:
        span = _place_in(gazetteer, text, match.start("name"), match.end("name"), party)
        if span is None:
            continue
        start, end = span
        clashes = [m for m in result if m.start < end and start < m.end]
        if any(m.is_place for m in clashes):
            continue
        same = [m for m in clashes if (m.start, m.end) == (start, end)]
        if not clashes and not party and _opens_sentence(text, start):
            continue  # "One man", "Many women": at a sentence's start only a name spaCy saw is taken
        if same:
            result[result.index(same[0])] = replace(same[0], label="GPE", source="hometown")
        elif all(m.start <= start and end <= m.end for m in clashes):
            result.append(Mention(start, end, text[start:end], "GPE", "hometown"))
    return result
