"""Recognition: spaCy's entities merged with the gazetteer layer and datelines, false places filtered."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from ..gazetteer.index import Gazetteer
from ..gazetteer.store import ALTERNATE, DEMONYM, NAME
from . import acronyms, lists, people, relabel, tables
from .brands import brands
from .common import not_common_words
from .counties import county_lists, named_divisions
from .dateline import datelines, title_case
from .embedded import embedded_places, offices_are_not_places
from .hometowns import hometowns
from .layer import GazetteerLayer
from .lists import places_in_lists
from .mention import Mention
from .prepositions import places_by_preposition
from .propagate import propagate
from .relabel import BIG_CITY
from .transliterations import transliterated
from .untagged import untagged_towns

_NAMED_AREAS = frozenset({"PCLI", "ADM1", "CONT", "OCN", "SEA", "PPLC"})
LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT"}
_TITLES = frozenset({"WORK_OF_ART", "PRODUCT"})  # labels kept only for a pair of places ("Reading and Slough")
_LEADING = re.compile(r"^(?:[-\u2013\u2014:]\s*)?(?:the|The|THE)\s+|^[-\u2013\u2014:]\s*")  # "- Kingdom of ..."
# possessives, scores, and a word spaCy ran on with ("the Democratic Republic of the Congo and")
_TRAILING = re.compile(r"(?:\s*['\u2019]s|['\u2019]|[,;:]|\s+\d[\d.-]*|\s+(?:and|or|of|in|the))$")
_PEOPLE_AFTER = re.compile(r"[ -]([A-Z][a-z]+)\b")
_PEOPLE_BEFORE = re.compile(r"(?<![\w-])([A-Z][a-z]+) $")
# ", Calif." or ", TX" after a place: the state it is in.
_STATE_AFTER = re.compile(r"^, ?([A-Z][a-z]{1,4}\.|[A-Z]\. ?[A-Z][a-z]?\.|[A-Z]{2}\b)")


def _trimmed(text: str, start: int, end: int, label: str) -> Mention | None:
    lead = _LEADING.match(text[start:end])
    if lead:
        start += lead.end()
    tail = _TRAILING.search(text[start:end])
    if tail and (label in ("PERSON", "ORG") or not tail.group().strip()[:1].isdigit()):
        end -= len(tail.group())
    while end > start and text[end - 1].isspace():
        end -= 1
    return Mention(start, end, text[start:end], label, "ner") if end > start else None


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut at line breaks: a name never runs from a headline into the next line."""
    spans = []
    for piece in text[start:end].split("\n"):
        if piece.strip():
            spans.append((start, start + len(piece)))
        start += len(piece) + 1
    return spans[:1]


def _split(mention: Mention | None) -> list[Mention]:
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


class Recognizer:
    """Finds people, organisations, groups and places in one spaCy-parsed text."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.layer = GazetteerLayer(gazetteer)

    def recognize(self, doc: Doc, text: str | None = None) -> list[Mention]:
        """Every mention of ``text`` (spaCy read ``doc``, a re-cased copy) in order, false places relabelled."""
        text = doc.text if text is None else text
        ner = [m for e in doc.ents if e.label_ in LABELS for start, end in _lines(text, e.start_char, e.end_char)
               for m in _split(_trimmed(text, start, end, e.label_))]
        ner += [m for e in doc.ents if e.label_ in _TITLES and " and " in e.text
                for start, end in _lines(text, e.start_char, e.end_char)
                for m in lists.pair_of_places(Mention(start, end, text[start:end], e.label_, "ner"), self.gazetteer)]
        lines = self._datelines(text)
        # a name spaCy ran from a dateline's town on through its country and agency ("NICOSIA, Cyprus (AP" as an
        # organisation) is no name: the dateline and the country are
        ner = [n for n in ner if n.is_place or not any(n.start == d.start and n.end > d.end for d in lines)]
        found = relabel.places_on_routes(
            text, relabel.merge(relabel.places_across_a_dash(ner, self.gazetteer), self._layer(text) + lines),
            self.gazetteer)
        found = relabel.names_cut_at_a_particle(text, relabel.pieces_joined(
            text, relabel.administered_names(text, found, self.gazetteer), self.gazetteer), self.gazetteer)
        found = transliterated(text, found, self.gazetteer)
        found = relabel.known_places_missed(found, self.gazetteer, people.first_names(), text)
        found = relabel.one_sense(relabel.cities_are_not_people(found, self.gazetteer, people.first_names()),
                                  self.gazetteer)
        found = hometowns(text, places_by_preposition(text, found, self.gazetteer), self.gazetteer)
        found = named_divisions(county_lists(text, found, self.gazetteer), self.gazetteer)
        found = relabel.titled_people(text, relabel.people_are_not_places(found), self.gazetteer)
        found = people.given_names(text, people.with_people(text, found, self.gazetteer), self.gazetteer)
        found = tables.competitors(text, found, self.gazetteer)
        found = acronyms.organisations_by_head([self._demonym(m) for m in found], self.gazetteer)
        found = places_in_lists(text, found, self.gazetteer)
        found = tables.teams_everywhere(text, found + propagate(text, found, doc.text))
        found += acronyms.headed_names(text, found, self.gazetteer)
        extra = self._states_after(text, found) + embedded_places(text, found, self.gazetteer)
        extra += untagged_towns(text, [(e.start_char, e.end_char) for e in doc.ents], found + extra, self.gazetteer,
                                people.first_names())
        found = self._peoples_within_peoples(text, relabel.agencies_are_not_places(text, offices_are_not_places(
            found + extra)))
        found = [m for m in found if not self._another_spelling_opening_a_sentence(text, m)]
        return sorted(not_common_words(text, brands(text, found, self.gazetteer)), key=lambda m: m.start)

    def is_name(self, text: str) -> bool:
        """Whether a word or phrase surely names a place: a country, division, sea, capital or (named in more
        than one word) a big city. Single-word towns are left out: "Surprise" and "Mobile" are words too."""
        return any(c.kind in (NAME, DEMONYM) and (c.feature_code in _NAMED_AREAS or (
            " " in text and c.population >= BIG_CITY)) for c in self.gazetteer.lookup(text))

    def _another_spelling_opening_a_sentence(self, text: str, mention: Mention) -> bool:
        """A word opening a sentence, capitalised there whatever it is, that names a town only as another spelling of
        its name: "Tsunami waves reached Kanazawa" names no Tsuha. A city of BIG_CITY people keeps its other names."""
        if not mention.is_place or mention.source != "ner" or " " in mention.text or mention.demonym \
                or text[:mention.start].rstrip()[-1:] not in ("", ".", "!", "?", "\n", '"', "\u201c"):
            return False
        found = self.gazetteer.lookup(mention.text)
        return bool(found) and all(c.kind == ALTERNATE and c.feature_class == "P" and c.population < BIG_CITY
                                   for c in found)

    def _is_demonym(self, text: str) -> bool:
        return any(c.kind == DEMONYM for c in self.gazetteer.lookup(text))

    def _demonym(self, mention: Mention) -> Mention:
        """A nationality adjective refers to its country ("Russian troops"); a plural names people only."""
        if mention.label != "NORP":
            return mention
        plural = mention.text.endswith("s") and self._is_demonym(mention.text[:-1])
        refers = not plural and (mention.demonym or self._is_demonym(mention.text))
        return replace(mention, demonym=refers)

    def _peoples_within_peoples(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """A nationality beside another names a community, not either country: "Greek Cypriots", "Bosnian Serbs",
        "Greek Cypriot leaders", "Mexican American voters" are people of Cyprus, Bosnia and the United States."""
        def within(m: Mention) -> bool:
            # a plural after a space or a hyphen ("Bosnian Serbs"); a people's word beside it after a space only:
            # "Israeli-Egyptian peace" is between the two countries
            after = _PEOPLE_AFTER.match(text, m.end)
            before = _PEOPLE_BEFORE.search(text, max(0, m.start - 30), m.start)
            return after is not None and (
                after.group(1).endswith("s") and self._is_demonym(after.group(1)[:-1])
                or after.group().startswith(" ") and self._is_demonym(after.group(1))) \
                or before is not None and self._is_demonym(before.group(1))
        return [replace(m, demonym=False) if m.demonym and within(m) else m for m in mentions]

    def _layer(self, text: str) -> list[Mention]:
        found = []
        for match in self.layer.find(text):
            surface = text[match.start:match.end]
            label = "NORP" if match.demonym else _label_of(self.gazetteer, surface)
            found.append(Mention(match.start, match.end, surface, label, "gazetteer", match.demonym))
        return found

    def _datelines(self, text: str) -> list[Mention]:
        found = []
        for start, end in datelines(text):
            name = title_case(text[start:end])
            if any(c.feature_class in ("P", "A") and c.kind < DEMONYM
                   for c in self.gazetteer.lookup(name) or self.gazetteer.sounding(name)):
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
    kinds = {c.feature_class for c in gazetteer.lookup(surface) if c.kind < DEMONYM}
    return "GPE" if kinds & {"A", "P"} else "LOC"
