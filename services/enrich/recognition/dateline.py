"""Datelines: the upper-case place a wire story opens with ("MANILA, Aug 6 —", "LONDON 1996-08-30", "BEIRUT:"),
also after a byline's date ("March 30, 2009 NEWARK --")."""

from __future__ import annotations

import re

from .words import CAPITAL_LETTERS, SMALL_LETTERS

# Capitals with accents too: "BOGOTÁ —", "SÃO PAULO, Brazil", "ASUNCIÓN, Paraguay".
_UPPER = CAPITAL_LETTERS
_LETTER = CAPITAL_LETTERS + SMALL_LETTERS
_DATELINE = re.compile(
    rf"(?:^[ \t]*|(?<=[.!?] )|(?<=\b\d{{4}} ))"
    rf"(?P<place>[{_UPPER}][{_UPPER}'.\-]+(?: [{_UPPER}][{_UPPER}'.\-]+){{0,3}})"
    rf"(?=(?:, [{_UPPER}][{_LETTER}.']+(?: [{_UPPER}][{_LETTER}.']+)?)?"  # an optional ", Philippines" or ", Calif."
    r" ?(?:,|:\s|\(|\u2014|\u2013|-{1,2} |\d))",  # then a date, an agency in brackets, a colon or a dash
    re.MULTILINE,
)


# Indian and some Asian agencies write the town in title case, then the date and the agency: "Thiruvananthapuram,
# Aug 3 (PTI)", "Mumbai, December 1 (IANS) -", "New Delhi (PTI)".
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_TITLED_DATELINE = re.compile(
    rf"^[ \t]*(?P<place>[{_UPPER}][{SMALL_LETTERS}'\-]+(?: [{_UPPER}][{SMALL_LETTERS}'\-]+){{0,2}})"
    rf"(?=(?:, {_MONTH} \d{{1,2}})? \([A-Z][A-Za-z]{{1,9}}\))",
    re.MULTILINE,
)


def datelines(text: str) -> list[tuple[int, int]]:
    """Spans of the upper-case places that open a line (or follow a headline) in dateline form, and of the
    title-case ones that open a line before a date and an agency in brackets."""
    spans = [(m.start("place"), m.end("place")) for m in _TITLED_DATELINE.finditer(text)]
    for match in _DATELINE.finditer(text):
        place = match.group("place").rstrip(".-")
        if sum(c.isalpha() for c in place) >= 3:
            start = match.start("place")
            spans.append((start, start + len(place)))
    return spans


def title_case(name: str) -> str:
    """"NEW YORK" as "New York", for looking a dateline up."""
    return " ".join(word.capitalize() for word in name.split(" "))
