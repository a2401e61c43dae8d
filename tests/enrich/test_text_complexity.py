"""Recognition's own patterns do work near-linear in the text: a crafted body never holds an enrich worker.

A fresh-eyes trial found 30,000 capital letters ("A" * 30000) held an enrich worker for its whole 90 s time limit:
name patterns with unbounded words were tried from every position of one long word, and list patterns from every
item of one long list. Each case below is timed at n and 4n (tests/ingest/test_text_complexity.py explains how).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from services.enrich.gazetteer.index import Gazetteer
from services.enrich.recognition.counties import county_lists
from services.enrich.recognition.hometowns import hometowns
from services.enrich.recognition.tables import competitor_spans
from tests.ingest.test_text_complexity import LINEAR_BOUND, growth

INPUTS: dict[str, Callable[[int], str]] = {
    "one long capital word": lambda n: "A" * n,
    "capitals and hyphens": lambda n: "A-" * (n // 2),
    "a long list of capital names": lambda n: "SPRINGFIELD, " * (n // 13),
}
PATTERNS = ["counties", "hometowns", "competitors"]
MAX_CHARS = 200_000  # sizes n up to a quarter of this, 4n up to 100,000: the longest text ingest accepts


def _path(name: str, gazetteer: Gazetteer) -> Callable[[str], object]:
    return {"counties": lambda text: county_lists(text, [], gazetteer),
            "hometowns": lambda text: hometowns(text, [], gazetteer),
            "competitors": competitor_spans}[name]


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("text", sorted(INPUTS))
def test_recognition_work_grows_near_linearly_with_the_text(gazetteer: Gazetteer, pattern: str, text: str) -> None:
    n, ratio = growth(_path(pattern, gazetteer), INPUTS[text], MAX_CHARS)
    print(f"{pattern} over {text}: n={n} ratio={ratio:.1f}")
    assert ratio < LINEAR_BOUND, f"{pattern} over {text}: 4x the text ({4 * n} chars) cost {ratio:.1f}x the CPU time"
