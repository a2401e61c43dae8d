"""Other transliterations of a town's name: "Hodeidah" is GeoNames' Al Hudaydah (which lists "Hodeida"), "DEIR
AL-BALAH" its Dayr al Balah ("Deir el-Balah"). A name the gazetteer does not know is looked up by sound
(names.sound) where the text says it is a place: a dateline, or spaCy's place after "in", "to", "from" ... An
unknown name spaCy calls a place elsewhere is more often a person or a thing ("Jeremiah", "Bibles").
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..gazetteer.index import Gazetteer
from ..gazetteer.store import DEMONYM, NAME
from .mention import Mention

BIG_CITY = 100_000

# spaCy's labels of a name after "in" that may be another spelling of a place. Not a person's: "drove to Lanexa"
# (a Virginia village the gazetteer lacks) became Lenexa, Kansas (LGL acc@161 .8833 -> .8826).
_NAMES = frozenset({"GPE", "LOC"})
_PLACED = re.compile(r"\b(?:in|at|near|from|to|into|outside|across|around|throughout|toward|towards|via)\s+$")


def _placed(text: str, mention: Mention) -> bool:
    return mention.source == "dateline" or (
        mention.source == "ner" and mention.label in _NAMES
        and _PLACED.search(text, max(0, mention.start - 12), mention.start) is not None)


def _countries(mentions: list[Mention], gazetteer: Gazetteer) -> set[str | None]:
    """The countries the article names, or names a division or a city of 100,000 people in."""
    return {c.country_code for m in mentions if m.is_place for c in gazetteer.lookup(m.text)
            if c.kind in (NAME, DEMONYM) and (c.feature_class == "A" or c.population >= BIG_CITY)}


def transliterated(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Mentions of places known only by another spelling, pointed at the place's own name (``refers_to``).

    Only a place in a country the article names otherwise: "Bikoro", a village the gazetteer lacks, in a story
    about Congo sounds like Bokoro in Chad."""
    found: list[Mention] = []
    countries: set[str | None] | None = None
    for m in mentions:
        name = m.text.title() if m.text.isupper() else m.text
        if not m.demonym and m.refers_to is None and _placed(text, m) and not gazetteer.lookup(name):
            countries = _countries(mentions, gazetteer) if countries is None else countries
            heard = max((c for c in gazetteer.sounding(name) if c.country_code in countries),
                        key=lambda c: c.population, default=None)
            if heard is not None:
                m = replace(m, label="GPE", refers_to=heard.name)
        found.append(m)
    return found
