"""Lists of places: a name in a list whose other members are places is a place too ("power was out in Augusta,
Sherman, Waco and Tyler"); a town named beside a place of its own country is a place ("in Karachi and
Hyderabad"); a name before a word for a division is that division ("Herat province", "Kursk region"); and a
span that joins two known places with "and" is two places."""

from __future__ import annotations

import re
from dataclasses import replace

from ..gazetteer.index import Gazetteer
from ..gazetteer.names import key
from ..gazetteer.store import ALTERNATE, NAME
from .mention import Mention
from .relabel import spelt_alike
from .words import CAPITAL

_JOINER = re.compile(r"^(?:,\s*|,?\s+and\s+|,?\s+or\s+|\s*;\s*)$")
_AND = re.compile(r"\s+and\s+")
_RELABEL = frozenset({"PERSON", "ORG"})


MIN_TOWN = 10_000  # a list member spaCy took for a person is a town only if it is a real one


def _known(gazetteer: Gazetteer, name: str) -> bool:
    return any(c.kind == NAME and (c.feature_class in ("A", "T", "L") or (
        c.feature_class == "P" and c.population >= MIN_TOWN)) for c in gazetteer.lookup(name))


_NAME = CAPITAL + r"[\w'\u2019-]{1,39}(?: " + CAPITAL + r"[\w'\u2019-]{1,39})?"
_AFTER = re.compile(r"(?:,\s*|,?\s+and\s+|,?\s+or\s+)(" + _NAME + r")\b")
_BEFORE = re.compile(r"\b(" + _NAME + r")(?:,\s*|,?\s+and\s+|\s+or\s+)$")
_DIVISION = re.compile(r"\b(" + _NAME + r") (?:province|region|state|district|county|oblast|governorate|"
                       r"prefecture|department|island|islands|territory)\b")
_NOT_NAMES = frozenset({"The", "A", "An", "And", "But", "In", "On", "At", "He", "She", "It", "They", "We", "I"})


def _towns(gazetteer: Gazetteer, name: str) -> set[str]:
    """The countries of the real towns and divisions ``name`` is the own name of, or another spelling of
    ("Tulkarem" for Tulkarm, "Jabaliya" for Jabalya, "Dzhankoi" for Dzhankoy: transliterations differ)."""
    return {c.country_code or "" for c in gazetteer.lookup(name) if (
        c.kind == NAME or c.kind == ALTERNATE and spelt_alike(key(name), key(c.name))) and (
        c.feature_class in ("A", "T") or (c.feature_class == "P" and c.population >= MIN_TOWN))}


def _label_or_add(mentions: list[Mention], start: int, end: int, text: str) -> list[Mention]:
    clashes = [m for m in mentions if m.start < end and start < m.end]
    if not clashes:
        return mentions + [Mention(start, end, text, "GPE", "list")]
    if len(clashes) == 1 and (clashes[0].start, clashes[0].end) == (start, end) \
            and clashes[0].label in _RELABEL | {"NORP"} and not clashes[0].demonym and clashes[0].source == "ner":
        return [replace(m, label="GPE") if m is clashes[0] else m for m in mentions]
    return mentions


def beside_places(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Towns coordinated with a place of the same country, and names before a word for a division."""
    words = {w for m in mentions if m.label == "PERSON" and " " in m.text for w in m.text.split()}
    found = list(mentions)
    for place in [m for m in mentions if m.is_place and not m.demonym]:
        countries = {c.country_code for c in gazetteer.lookup(place.name)}
        after = _AFTER.match(text, place.end)
        before = _BEFORE.search(text[max(0, place.start - 40):place.start])
        spans = []
        if after:
            spans.append((after.start(1), after.end(1)))
        if before:
            offset = max(0, place.start - 40)
            spans.append((offset + before.start(1), offset + before.end(1)))
        for start, end in spans:
            name = text[start:end]
            if name.split()[0] not in _NOT_NAMES and name not in words and _towns(gazetteer, name) & countries:
                found = _label_or_add(found, start, end, name)
    for match in _DIVISION.finditer(text):
        name = match.group(1)
        if name.split()[0] not in _NOT_NAMES and name not in words and _towns(gazetteer, name):
            # spaCy may take the name with its division word for a person ("Prey Veng province"): it is the place
            found = [Mention(m.start, match.end(1), name, "GPE", "list")
                     if (m.start, m.end) == match.span() and m.label in _RELABEL and m.source == "ner" else m
                     for m in found]
            found = _label_or_add(found, match.start(1), match.end(1), name)
    return found


def pair_of_places(mention: Mention, gazetteer: Gazetteer) -> list[Mention]:
    """The two places of a span that joins two known places with "and" ("Reading and Slough"), or none; a place
    named so as a whole ("Trinidad and Tobago") is one place, left to the gazetteer."""
    parts = _AND.split(mention.text)
    if len(parts) != 2 or not all(_known(gazetteer, p) for p in parts) or gazetteer.lookup(mention.text):
        return []
    second = mention.start + mention.text.rindex(parts[1])
    return [Mention(mention.start, mention.start + len(parts[0]), parts[0], "GPE", "list"),
            Mention(second, second + len(parts[1]), parts[1], "GPE", "list")]


# spaCy's small model also calls such a pair a facility ("Abuja and Kaduna") or a title ("Reading and Slough").
_PAIRED = _RELABEL | {"GPE", "LOC", "FAC"}


def _split_pairs(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    out = []
    for m in mentions:
        pair = pair_of_places(m, gazetteer) if m.label in _PAIRED and m.source == "ner" else []
        out += pair or [m]
    return out


def places_in_lists(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Mentions with the people and organisations of a list of places relabelled as places."""
    mentions = sorted(beside_places(text, _split_pairs(text, mentions, gazetteer), gazetteer),
                      key=lambda m: m.start)
    words = {w for m in mentions if m.label == "PERSON" and " " in m.text for w in m.text.split()}
    runs: list[list[int]] = []
    for i, m in enumerate(mentions):
        if runs and _JOINER.match(text[mentions[runs[-1][-1]].end:m.start]):
            runs[-1].append(i)
        else:
            runs.append([i])
    relabel: set[int] = set()
    for run in runs:
        places = [i for i in run if mentions[i].is_place and not mentions[i].demonym]
        others = [i for i in run if i not in places]
        # a list of places with one or two names spaCy took for people or organisations
        if len(run) >= 3 and len(places) >= 2 and len(others) <= len(places) // 2:
            relabel |= {i for i in others if mentions[i].label in _RELABEL and mentions[i].source == "ner"
                        and mentions[i].text not in words and len(mentions[i].text.split()) <= 2
                        and _known(gazetteer, mentions[i].text)}
    return [replace(m, label="GPE") if i in relabel else m for i, m in enumerate(mentions)]
