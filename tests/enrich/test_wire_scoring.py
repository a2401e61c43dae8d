"""The judge of the wire paragraphs counts right, wrong, missed, taken, flagged and focus as its docstring says."""

from __future__ import annotations

import pytest

from shared.enrichment import Enrichment, Focus, Mention, Place
from tests.enrich.wire_scoring import Expected, Paragraph, score

TEXT = "PARIS, Texas (AP) — Turkey prices rose in Paris and in Crimea."
PARAGRAPH = Paragraph(
    "p",
    TEXT,
    [Expected("PARIS", "US", 33.66, -95.56),
     Expected("Texas", "US", 30.27, -97.74, area=True),
     Expected("Paris", "US", 33.66, -95.56),
     Expected("Crimea", "RU", 44.95, 34.10, area=True, disputed=frozenset({"UA", "RU"}))],
    not_places=["Turkey"],
    focus="US")


def _place(surface: str, country: str | None, lat: float, lon: float, disputed: tuple[str, ...] = (),
           occurrence: int = 1) -> Place:
    start = -1
    for _ in range(occurrence):
        start = TEXT.index(surface, start + 1)
    return Place(name=surface, geonameid=1, country_code=country, lat=lat, lon=lon, disputed=disputed,
                 mentions=(Mention(start=start, end=start + len(surface), text=surface),))


def test_a_place_is_right_within_161_km_wrong_beyond_and_missed_without_a_mention() -> None:
    enrichment = Enrichment(places=(_place("PARIS", "US", 33.70, -95.50),  # a few km off: right
                                    _place("Paris", "FR", 48.86, 2.35),  # another Paris: wrong
                                    _place("Texas", "US", 31.0, -100.0)))  # an area: judged by country
    result = score([PARAGRAPH], [enrichment])
    assert (result.places, result.places_right, result.places_wrong, result.places_missed) == (4, 2, 1, 1)
    assert {(m.kind, m.expected.split()[0]) for m in result.errors if m.kind != "not flagged"} >= {
        ("wrong place", "'Paris'"), ("missed", "'Crimea'")}


def test_a_disputed_area_is_right_with_any_claimant_but_flagged_only_with_all() -> None:
    half = score([PARAGRAPH], [Enrichment(places=(_place("Crimea", "UA", 45.0, 34.0, ("UA",)),))])
    full = score([PARAGRAPH], [Enrichment(places=(_place("Crimea", "UA", 45.0, 34.0, ("RU", "UA")),))])
    assert (half.places_right, half.disputed_flagged) == (1, 0)
    assert (full.places_right, full.disputed_flagged) == (1, 1)


def test_a_common_word_is_taken_when_any_place_mention_overlaps_it() -> None:
    taken = score([PARAGRAPH], [Enrichment(places=(_place("Turkey", "TR", 39.0, 35.0),))])
    clear = score([PARAGRAPH], [Enrichment()])
    assert (taken.common_words, taken.common_words_taken) == (1, 1)
    assert (clear.common_words, clear.common_words_taken) == (1, 0)


def test_the_focus_counts_only_when_the_country_matches() -> None:
    right = score([PARAGRAPH], [Enrichment(focus=Focus(country_code="US"))])
    wrong = score([PARAGRAPH], [Enrichment(focus=Focus(country_code="FR"))])
    absent = score([PARAGRAPH], [Enrichment()])
    assert [r.focus_right for r in (right, wrong, absent)] == [1, 0, 0]


def test_a_paragraph_without_places_is_right_only_without_a_focus() -> None:
    """Given a paragraph that names no place, no focus is right and any focus country is wrong."""
    empty = Paragraph("none", "Shares rose on Thursday.", [])
    right = score([empty], [Enrichment()])
    wrong = score([empty], [Enrichment(focus=Focus(country_code="US"))])
    assert [r.focus_right for r in (right, wrong)] == [1, 0]


def test_an_annotation_whose_text_is_not_in_the_paragraph_is_refused_by_name() -> None:
    bad = Paragraph("typo", TEXT, [Expected("Lyon", "FR", 45.76, 4.84)], focus="US")
    with pytest.raises(ValueError, match="'typo'.*'Lyon'"):
        score([bad], [Enrichment()])
