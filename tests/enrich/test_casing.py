"""Shouted lines re-cased for spaCy, with every offset into the original text kept."""

from __future__ import annotations

from services.enrich.pipeline import Enricher
from services.enrich.recognition.casing import recased


def _known(name: str) -> bool:
    return name in {"Portugal", "New Zealand"}


def test_shouted_line_takes_the_articles_own_casing_and_keeps_its_length() -> None:
    """Given a headline in capitals and a body that writes the same words in normal case,
    When the text is re-cased,
    Then each headline word takes the body's casing, unknown words are lower case, known places title case,
    and the text keeps its length, so every offset still points at the same word."""
    text = "VELDRANO WINS IN PORTUGAL AS UN WATCHES\nSandro Veldrano won the race on Sunday."
    result = recased(text, _known)
    assert result.split("\n")[0] == "Veldrano wins in Portugal as UN watches"
    assert len(result) == len(text) and result.split("\n")[1] == text.split("\n")[1]


def test_known_names_of_several_words_are_title_cased_together() -> None:
    assert recased("STORMS BATTER NEW ZEALAND COAST", _known) == "storms batter New Zealand coast"


def test_text_in_normal_case_is_left_alone() -> None:
    text = "The Mayor of Springfield, Ill., met the NATO envoy."
    assert recased(text, _known) is text


def test_person_named_in_a_shouted_headline_is_recognised(enricher: Enricher) -> None:
    """Given a wire story whose headline shouts a surname the body writes in full,
    When it is enriched,
    Then the headline's surname is a person's mention too, at its offsets in the original text."""
    text = ("MOTOR RACING - VELDRANO TAKES POLE AT ESTORIL\n"
            "Sandro Veldrano of Italy took pole position at Estoril on Saturday.")
    (result,) = enricher.enrich([text])
    people = {m.text for e in result.entities if e.label == "PERSON" for m in e.mentions}
    assert "VELDRANO" in people
    assert any(m.text == "ESTORIL" and text[m.start:m.end] == "ESTORIL" for p in result.places for m in p.mentions)


def test_importing_the_pipeline_loads_no_numpy() -> None:
    """OPENBLAS_NUM_THREADS is set when pipeline.py is imported and must precede numpy: no module the
    pipeline imports at load time (recognition/casing.py included) may pull in spaCy or numpy first."""
    import subprocess
    import sys

    code = "import sys, services.enrich.pipeline; print('numpy' in sys.modules or 'spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
