"""Competitor names in results and fixture lines are short runs of capitalised words, found in linear time."""

from __future__ import annotations

from services.enrich.recognition.tables import competitor_spans


def test_a_fixture_names_both_sides() -> None:
    text = "Leyton Orient 2 Hartlepool 0\nEssex v Kent"
    assert [text[s:e] for s, e in competitor_spans(text)] == ["Leyton Orient", "Hartlepool", "Essex", "Kent"]


def test_a_competitor_name_is_at_most_eight_words_so_a_long_capitalised_run_is_no_name() -> None:
    """Bounding the name is what keeps 100,000 characters of "Mr Mr Mr ..." from taking minutes (issue 10)."""
    text = "Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa v Kent"
    home = "Gamma Delta Epsilon Zeta Eta Theta Iota Kappa"
    assert [text[s:e] for s, e in competitor_spans(text)] == [home, "Kent"]
