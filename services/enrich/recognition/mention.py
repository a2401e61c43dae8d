"""A recognised name in an article: where it is, what it was labelled, who found it."""

from __future__ import annotations

from dataclasses import dataclass

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True, slots=True)
class Mention:
    """One recognised name; ``demonym`` marks a nationality word that refers to its country ("Russian")."""

    start: int
    end: int
    text: str
    label: str
    source: str  # "ner", "gazetteer", "dateline", "apposition", "embedded", "hometown" or "county"
    demonym: bool = False
    refers_to: str | None = None  # the full name when the text shortens it: "Jackson" in "Jackson and Hall counties"

    @property
    def name(self) -> str:
        """The name to look up: the full one where the text shortens it."""
        return self.refers_to or self.text

    @property
    def is_place(self) -> bool:
        return self.label in PLACE_LABELS or self.demonym


def overlaps(a: Mention, b: Mention) -> bool:
    """Whether two mentions share a character."""
    return a.start < b.end and b.start < a.end
