"""Recognition: spaCy's entities merged with the gazetteer layer and datelines, false places filtered."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from .dateline import datelines, title_case
from .gazetteer.index import Gazetteer
from .layer import GazetteerLayer

LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
_LEADING = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING = re.compile(r"(?:['\u2019]s|['\u2019]|[,;:])$")
# ", Calif." or ", TX" after a place: the state it is in.
_STATE_AFTER = re.compile(r"^, ?([A-Z][a-z]{1,4}\.|[A-Z]\. ?[A-Z][a-z]?\.|[A-Z]{2}\b)")


@dataclass(frozen=True, slots=True)
class Mention:
    """One recognised name in the text, with the label it was given and who found it."""

    start: int
    end: int
    text: str
    label: str
    source: str  # "ner", "gazetteer", "dateline" or "apposition"

    @property
    def is_place(self) -> bool:
        return self.label in PLACE_LABELS


def _trimmed(text: str, start: int, end: int, label: str, source: str) -> Mention | None:
    surface = text[start:end]
    lead = _LEADING.match(surface)
    if lead:
        start += lead.end()
    tail = _TRAILING.search(text[start:end])
    if tail:
        end -= len(tail.group())
    return Mention(start, end, text[start:end], label, source) if end > start else None


class Recognizer:
    """Finds people, organisations, groups and places in one spaCy-parsed text."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.layer = GazetteerLayer(gazetteer)

    def recognize(self, doc: Doc) -> list[Mention]:
        """Every mention in reading order, overlaps resolved, false places relabelled."""
        text = doc.text
        ner = [m for e in doc.ents if e.label_ in LABELS
               for m in self._split(_trimmed(text, e.start_char, e.end_char, e.label_, "ner"))]
        found = _merge(ner, self._layer(text) + self._datelines(text))
        found = _people_are_not_places(found)
        return sorted(found + self._states_after(text, found), key=lambda m: m.start)

    def _split(self, mention: Mention | None) -> list[Mention]:
        """"Springfield, Ill." as two places."""
        if mention is None:
            return []
        if not mention.is_place or ", " not in mention.text:
            return [mention]
        parts, offset = [], mention.start
        for piece in mention.text.split(", "):
            if piece:
                parts.append(Mention(offset, offset + len(piece), piece, mention.label, mention.source))
            offset += len(piece) + 2
        return parts

    def _layer(self, text: str) -> list[Mention]:
        found = []
        for match in self.layer.find(text):
            surface = text[match.start:match.end]
            label = "NORP" if match.demonym else _label_of(self.gazetteer, surface)
            found.append(Mention(match.start, match.end, surface, label, "gazetteer"))
        return found

    def _datelines(self, text: str) -> list[Mention]:
        found = []
        for start, end in datelines(text):
            name = title_case(text[start:end])
            if any(c.feature_class in ("P", "A") and c.kind < 3 for c in self.gazetteer.lookup(name)):
                found.append(Mention(start, end, text[start:end], "GPE", "dateline"))
        return found

    def _states_after(self, text: str, mentions: list[Mention]) -> list[Mention]:
        taken = {(m.start, m.end) for m in mentions}
        found = []
        for mention in mentions:
            after = _STATE_AFTER.match(text[mention.end:mention.end + 8]) if mention.is_place else None
            if after is None:
                continue
            start = mention.end + after.start(1)
            end = start + len(after.group(1))
            if (start, end) not in taken and any(c.feature_code == "ADM1" for c in self.gazetteer.lookup(
                    after.group(1))):
                found.append(Mention(start, end, after.group(1), "GPE", "apposition"))
        return found


def _label_of(gazetteer: Gazetteer, surface: str) -> str:
    kinds = {c.feature_class for c in gazetteer.lookup(surface) if c.kind < 3}
    return "GPE" if kinds & {"A", "P"} else "LOC"


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _merge(ner: list[Mention], extra: list[Mention]) -> list[Mention]:
    """spaCy's spans win, except where the gazetteer names exactly the same text as a place."""
    kept = list(ner)
    for mention in extra:
        clashes = [n for n in kept if _overlaps(n, mention)]
        if not clashes:
            kept.append(mention)
            continue
        same = [n for n in clashes if (n.start, n.end) == (mention.start, mention.end)]
        if same and len(clashes) == 1 and mention.label != "NORP" and not same[0].is_place \
                and same[0].label != "NORP":
            kept[kept.index(same[0])] = replace(mention, source="gazetteer")
        elif all(n.start >= mention.start and n.end <= mention.end and n.is_place for n in clashes) \
                and mention.label != "NORP":
            kept = [n for n in kept if n not in clashes] + [mention]  # "New York City" over "York"
    return kept


def _people_are_not_places(mentions: list[Mention]) -> list[Mention]:
    """A one-word "place" that is part of a person's name in the same text is that person."""
    name_words = {w for m in mentions if m.label == "PERSON" and " " in m.text for w in m.text.split()}
    return [replace(m, label="PERSON") if m.is_place and m.source == "ner" and m.text in name_words else m
            for m in mentions]
