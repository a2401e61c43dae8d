"""Web-search syntax (words, "phrases", -exclusion, OR) read once into `Terms`, written for either engine.

The reading follows PostgreSQL's ``websearch_to_tsquery``: words are ANDed, ``OR`` joins the items either side
of it (binding tighter than AND), ``-`` excludes a word or a phrase, an unclosed quote runs to the end. Only
letters and digits, and the dots, hyphens, slashes and apostrophes inside a word, reach an engine (every word
is quoted on the way out), so no input can be an FTS5 syntax error: a query with nothing to find is refused
with a reason instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.errors import InvalidInput

MAX_QUERY = 500
_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
# A word, with the dots, hyphens, slashes and apostrophes inside it ("U.S.", "COVID-19", "F-16", "9/11", "3.5"):
# both engines split or keep such a token the way they read it in the text, so it must reach them whole
_WORD = re.compile(r"[^\W_]+(?:[.\-/'\u2019][^\W_]+)*")

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Terms:
    """What to find: every group (any of its phrases), and no excluded phrase."""

    groups: tuple[tuple[Phrase, ...], ...]
    excluded: tuple[Phrase, ...] = ()

    def websearch(self) -> list[str]:
        """The query as websearch_to_tsquery parts, every word quoted, to be joined with ``&&``.

        One part per group: websearch_to_tsquery alone binds AND tighter than OR ("a b OR c" becomes
        (a & b) | c), while a group is "any of its phrases" and every group must match: a & (b | c), as FTS5 reads it.
        """
        parts = [" OR ".join(_quoted(p) for p in group) for group in self.groups]
        if self.excluded:
            parts.append(" ".join(f"-{_quoted(p)}" for p in self.excluded))
        return parts

    def wanted(self) -> Terms:
        """The words to find without the excluded ones: what a rank reads (PostgreSQL's ts_rank of a query
        with a negation is a constant 1e-20 for every article, fresh-eyes finding)."""
        return Terms(self.groups)

    def fts5(self) -> str:
        """The query in SQLite FTS5's syntax, every word quoted."""
        found = " AND ".join("(" + " OR ".join(_quoted(p) for p in group) + ")" for group in self.groups)
        if not self.excluded:
            return found
        return f"({found}) NOT (" + " OR ".join(_quoted(p) for p in self.excluded) + ")"


def _quoted(phrase: Phrase) -> str:
    return '"' + " ".join(phrase) + '"'


def parse(text: str, field: str = "q") -> Terms:
    """Read a web-search query; InvalidInput naming ``field`` when it has nothing to find."""
    if len(text) > MAX_QUERY:
        raise InvalidInput(field, f"is {len(text)} characters long; at most {MAX_QUERY}")
    groups: list[list[Phrase]] = []
    excluded: list[Phrase] = []
    join_next = False
    for token in _TOKEN.findall(text):
        if token == "OR":
            join_next = bool(groups)
            continue
        negative = token.startswith("-") and len(token) > 1
        phrase = tuple(word.lower() for word in _WORD.findall(token))
        if not phrase:
            continue
        if negative:
            excluded.append(phrase)
        elif join_next:
            groups[-1].append(phrase)
        else:
            groups.append([phrase])
        join_next = False
    if not groups:
        reason = "only says what to exclude: add a word to find" if excluded else "has no words to search for"
        raise InvalidInput(field, reason)
    return Terms(tuple(tuple(group) for group in groups), tuple(excluded))
