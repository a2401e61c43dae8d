"""Datelines: the place a story was filed from, as wires print it at the start of the first paragraph.

    MANILA, Aug 6 (Reuters) — ...          -> "MANILA"
    ROTTERDAM, Netherlands (Meridian) — ... -> "ROTTERDAM, Netherlands"
    WASHINGTON (AP) — ...                   -> "WASHINGTON"
    NEW DELHI: ...                          -> "NEW DELHI"

An ALL-CAPS place of up to four words, optionally followed by ", Region", a date and "(Agency)", then a
dash, colon or comma. A bare "PLACE," is not enough (it is how "NATO, EU leaders ..." begins), and
labels such as BREAKING or EXCLUSIVE are not places.
"""

from __future__ import annotations

import re

MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
CAPS_WORD = r"[A-Z][A-Z'’.\-]*[A-Z.]"
NAME_WORD = r"[A-Z][A-Za-z'’.\-]+"
DATELINE = re.compile(
    rf"(?P<place>{CAPS_WORD}(?:\s+{CAPS_WORD}){{0,3}})"
    rf"(?:,\s*(?!{MONTH}\s)(?P<region>{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}}))?"
    rf"(?:,?\s*(?P<date>{MONTH}\s+\d{{1,2}}(?:,?\s*\d{{4}})?))?"
    r"\s*(?:\((?P<agency>[^()]{1,40})\))?"
    r"\s*(?P<separator>-{1,2}|[–—:,])\s+(?=\S)"
)
NOT_PLACES = frozenset(
    {"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "LIVE", "ANALYSIS", "OPINION", "EDITORIAL",
     "CORRECTED", "CORRECTION", "URGENT", "FLASH", "VIDEO", "PHOTOS", "REFILE", "ADVISORY", "NOTE"}
)
MIN_PLACE_LETTERS = 3  # "US", "UK", "EU" open sentences far more often than they open datelines


def find_dateline(paragraph: str) -> str | None:
    """The dateline place at the start of ``paragraph`` ("MANILA", "DHAKA, Bangladesh"), or None."""
    match = DATELINE.match(paragraph)
    if match is None or not _plausible(match, paragraph):
        return None
    place, region = match.group("place"), match.group("region")
    return f"{place}, {region}" if region else place


def _plausible(match: re.Match[str], paragraph: str) -> bool:
    """Rule out labels, acronyms, shouted paragraphs and a bare "PLACE," that begins a list."""
    place = match.group("place")
    if place in NOT_PLACES or sum(char.isalpha() for char in place) < MIN_PLACE_LETTERS:
        return False
    qualified = any(match.group(name) for name in ("region", "date", "agency"))
    if match.group("separator") == "," and not qualified:
        return False
    rest = paragraph[match.end() :]
    return any(char.islower() for char in rest)
