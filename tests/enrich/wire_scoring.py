"""How the hand-annotated wire paragraphs (wire_paragraphs.py) judge an enrichment: the rows and the scorer.

Both tests/enrich/test_wire_paragraphs.py and ``python -m benchmarks.paragraphs`` score with ``score()``, so
the floors the test asserts and the figures the benchmark prints are the same numbers.

- A place is right when a predicted place mention overlaps the expected surface and the predicted point lies
  within 161 km (100 miles) of the expected one; an ``area`` (a country or first-level division) is right when
  the predicted country is its country or, for a disputed area, any of the claimants. A place with an
  overlapping mention that is neither is *wrong*; one with no overlapping mention is *missed*.
- A common word is *taken* when any predicted place mention overlaps any occurrence of it.
- A disputed place is *flagged* when an overlapping predicted place lists every expected claimant.
- The focus is right when the enrichment's focus country is the expected one; a paragraph that names no place
  expects no focus (a focus invented for it is wrong, and so is no focus where one is expected).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from shared.enrichment import Enrichment, Place

WITHIN_KM = 161.0


@dataclass(frozen=True)
class Expected:
    """One place a paragraph names: its surface (the ``occurrence``-th, case-sensitive) and where it is."""

    text: str
    country: str  # ISO 3166-1 alpha-2 of the administering country (convention: wire_paragraphs.py)
    lat: float
    lon: float
    disputed: frozenset[str] = frozenset()  # every claimant, when the place is disputed
    area: bool = False  # a country or first-level division: judged by country, not distance
    occurrence: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A wire paragraph, every place it names, the capitalised common words in it, and its focus country."""

    id: str
    text: str
    places: Sequence[Expected]
    not_places: Sequence[str] = ()
    focus: str | None = None


@dataclass(frozen=True)
class Miss:
    """One error: which paragraph, what kind, what the annotation says and what the enrichment said."""

    paragraph: str
    kind: str  # missed | wrong place | common word | not flagged | focus
    expected: str
    got: str


@dataclass
class Score:
    """The counts over a set of paragraphs, and every error behind them."""

    places: int = 0
    places_right: int = 0
    places_wrong: int = 0
    places_missed: int = 0
    common_words: int = 0
    common_words_taken: int = 0
    disputed: int = 0
    disputed_flagged: int = 0
    paragraphs: int = 0
    focus_right: int = 0
    unannotated: list[Miss] = field(default_factory=list)  # predicted places the annotation does not name
    errors: list[Miss] = field(default_factory=list)

    def rate(self, part: str) -> float:
        """``part`` as a fraction of its whole (places_right of places, focus_right of paragraphs, ...)."""
        whole = {"places_right": self.places, "places_wrong": self.places, "places_missed": self.places,
                 "common_words_taken": self.common_words, "disputed_flagged": self.disputed,
                 "focus_right": self.paragraphs}[part]
        return getattr(self, part) / whole if whole else 0.0

    def figures(self) -> dict[str, int | float]:
        """Every count and rate, for a table or JSON."""
        counts = {name: getattr(self, name) for name in ("paragraphs", "places", "places_right", "places_wrong",
                                                         "places_missed", "common_words", "common_words_taken",
                                                         "disputed", "disputed_flagged", "focus_right")}
        rates = {f"{name}_rate": round(self.rate(name), 4)
                 for name in ("places_right", "places_missed", "common_words_taken", "disputed_flagged",
                              "focus_right")}
        return counts | rates | {"unannotated": len(self.unannotated)}


def spans(text: str, surface: str) -> list[tuple[int, int]]:
    """Every whole-word, case-sensitive occurrence of ``surface`` in ``text``."""
    pattern = rf"(?<!\w){re.escape(surface)}(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def span(paragraph: Paragraph, expected: Expected) -> tuple[int, int]:
    """Where the annotated mention is; ValueError naming the paragraph when the text does not have it."""
    found = spans(paragraph.text, expected.text)
    if len(found) < expected.occurrence:
        raise ValueError(f"paragraph {paragraph.id!r}: {expected.text!r} occurs {len(found)} time(s), "
                         f"annotation wants occurrence {expected.occurrence}")
    return found[expected.occurrence - 1]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance. The judge keeps its own arithmetic rather than borrow the code it judges."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def is_right(expected: Expected, place: Place) -> bool:
    """Whether the predicted place is the annotated one (by distance, or by country for an area)."""
    if expected.area:
        return place.country_code in {expected.country} | expected.disputed
    if place.lat is None or place.lon is None:
        return False
    return km(expected.lat, expected.lon, place.lat, place.lon) <= WITHIN_KM


def _overlapping(predicted: list[tuple[int, int, Place]], start: int, end: int) -> list[Place]:
    return [place for s, e, place in predicted if s < end and start < e]


def _described(place: Place) -> str:
    where = f"{place.lat:.2f},{place.lon:.2f}" if place.lat is not None and place.lon is not None else "no point"
    disputed = f" disputed {'/'.join(place.disputed)}" if place.disputed else ""
    return f"{place.name} ({place.country_code} {where}{disputed})"


def _annotation(expected: Expected) -> str:
    where = "area" if expected.area else f"{expected.lat:.2f},{expected.lon:.2f}"
    disputed = f" disputed {'/'.join(sorted(expected.disputed))}" if expected.disputed else ""
    return f"{expected.text!r} ({expected.country} {where}{disputed})"


def _score_places(result: Score, paragraph: Paragraph, predicted: list[tuple[int, int, Place]]) -> None:
    for expected in paragraph.places:
        start, end = span(paragraph, expected)
        candidates = _overlapping(predicted, start, end)
        result.places += 1
        if any(is_right(expected, place) for place in candidates):
            result.places_right += 1
        elif candidates:
            result.places_wrong += 1
            result.errors.append(Miss(paragraph.id, "wrong place", _annotation(expected),
                                      "; ".join(_described(p) for p in candidates)))
        else:
            result.places_missed += 1
            result.errors.append(Miss(paragraph.id, "missed", _annotation(expected), "no place"))
        if expected.disputed:
            result.disputed += 1
            if any(expected.disputed <= set(place.disputed) for place in candidates):
                result.disputed_flagged += 1
            else:
                got = "; ".join(_described(p) for p in candidates) or "no place"
                result.errors.append(Miss(paragraph.id, "not flagged", _annotation(expected), got))


def _score_common_words(result: Score, paragraph: Paragraph, predicted: list[tuple[int, int, Place]]) -> None:
    for word in paragraph.not_places:
        occurrences = spans(paragraph.text, word)
        if not occurrences:
            raise ValueError(f"paragraph {paragraph.id!r}: common word {word!r} is not in the text")
        result.common_words += 1
        taken = [place for start, end in occurrences for place in _overlapping(predicted, start, end)]
        if taken:
            result.common_words_taken += 1
            result.errors.append(Miss(paragraph.id, "common word", f"{word!r} is no place",
                                      "; ".join(_described(p) for p in taken)))


def _unannotated(paragraph: Paragraph, predicted: list[tuple[int, int, Place]]) -> list[Miss]:
    known = [span(paragraph, e) for e in paragraph.places]
    known += [s for word in paragraph.not_places for s in spans(paragraph.text, word)]
    return [Miss(paragraph.id, "unannotated", paragraph.text[s:e], _described(place))
            for s, e, place in predicted if not any(s < ke and ks < e for ks, ke in known)]


def score(paragraphs: Sequence[Paragraph], enrichments: Sequence[Enrichment]) -> Score:
    """Judge each paragraph's enrichment against its annotation."""
    result = Score()
    for paragraph, enrichment in zip(paragraphs, enrichments, strict=True):
        predicted = [(m.start, m.end, place) for place in enrichment.places for m in place.mentions]
        _score_places(result, paragraph, predicted)
        _score_common_words(result, paragraph, predicted)
        result.unannotated += _unannotated(paragraph, predicted)
        result.paragraphs += 1
        got = enrichment.focus.country_code
        if got == paragraph.focus:
            result.focus_right += 1
        else:
            result.errors.append(Miss(paragraph.id, "focus", str(paragraph.focus), str(got)))
    return result


def table(result: Score) -> str:
    """The figures as a small text table."""
    rows = [("places right", result.places_right, result.places),
            ("places wrong (another place)", result.places_wrong, result.places),
            ("places missed (no mention)", result.places_missed, result.places),
            ("common words taken for places", result.common_words_taken, result.common_words),
            ("disputed places flagged with all parties", result.disputed_flagged, result.disputed),
            ("focus country right", result.focus_right, result.paragraphs)]
    lines = [f"{label:<42} {part:>4} / {whole:<4} {part / whole if whole else 0:>6.1%}" for label, part, whole in rows]
    lines.append(f"{'places found that the set does not annotate':<42} {len(result.unannotated):>4}")
    return "\n".join(lines)
