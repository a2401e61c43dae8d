"""The gazetteer layer: finds countries, first-level divisions, demonyms and physical features in text."""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from ..gazetteer.index import Gazetteer
from ..gazetteer.names import fold
from .words import GENERIC_WORDS

_SMALL_WORDS = {"of", "the", "and", "de", "del", "da", "al", "el", "la", "le", "du", "upon", "on", "in"}


@dataclass(frozen=True, slots=True)
class LayerMatch:
    """A name from the gazetteer found in the text; ``demonym`` when it names the people, not the place."""

    start: int
    end: int
    demonym: bool


def _capitalised(surface: str) -> bool:
    """Proper-noun casing: every long word capitalised, short names (codes) fully upper-case."""
    if len(surface) <= 3 and "." not in surface:
        return surface.isupper()
    words = surface.replace("-", " ").split()
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS or not w[0].isalpha() for w in words) \
        and surface[0].isupper()


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not (after.isalnum() or (text[end - 1].isalnum() and after == "-"))


class GazetteerLayer:
    """An Aho-Corasick automaton over the folded names the gazetteer layer looks for."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._automaton = ahocorasick.Automaton()
        for name_key, demonym in gazetteer.layer_names():
            if len(name_key) >= 2 and name_key not in GENERIC_WORDS:
                self._automaton.add_word(name_key, (len(name_key), demonym))
        self._automaton.make_automaton()

    def find(self, text: str) -> list[LayerMatch]:
        """Longest non-overlapping matches on word boundaries with proper-noun casing."""
        found = []
        for last, (length, demonym) in self._automaton.iter(fold(text)):
            start, end = last - length + 1, last + 1
            if _bounded(text, start, end) and _capitalised(text[start:end]):
                found.append(LayerMatch(start, end, demonym))
        found.sort(key=lambda m: (m.start, m.start - m.end))
        chosen: list[LayerMatch] = []
        for match in found:
            if chosen and match.start < chosen[-1].end:
                continue
            chosen.append(match)
        return chosen
