"""Lists of places: a name in a list whose other members are places is a place too ("power was out in Augusta,
Sherman, Waco and Tyler"), and a span that joins two known places with "and" is two places."""

from __future__ import annotations

import re
from dataclasses import replace

from ..gazetteer.index import Gazetteer
from ..gazetteer.store import NAME
from .mention import Mention

_JOINER = re.compile(r"^(?:,\s*|,?\s+and\s+|,?\s+or\s+|\s*;\s*)$")
_AND = re.compile(r"\s+and\s+")
_RELABEL = frozenset({"PERSON", "ORG"})


MIN_TOWN = 10_000  # a list member spaCy took for a person is a town only if it is a real one


def _known(gazetteer: Gazetteer, name: str) -> bool:
    return any(c.kind == NAME and (c.feature_class in ("A", "T", "L") or (
        c.feature_class == "P" and c.population >= MIN_TOWN)) for c in gazetteer.lookup(name))


def _split_pairs(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    out = []
    for m in mentions:
        parts = _AND.split(m.text)
        if m.label in _RELABEL | {"GPE", "LOC"} and len(parts) == 2 and m.source == "ner" \
                and all(_known(gazetteer, p) for p in parts):
            second = m.start + m.text.rindex(parts[1])
            out += [Mention(m.start, m.start + len(parts[0]), parts[0], "GPE", "list"),
                    Mention(second, second + len(parts[1]), parts[1], "GPE", "list")]
        else:
            out.append(m)
    return out


def places_in_lists(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Mentions with the people and organisations of a list of places relabelled as places."""
    mentions = sorted(_split_pairs(text, mentions, gazetteer), key=lambda m: m.start)
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
