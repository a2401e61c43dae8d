"""Organisations named by their cues: acronyms tied to their long form, and names ending in an organisation word.

- "the Association of Southeast Asian Nations (ASEAN)" or "ASEAN (Association of Southeast Asian Nations)":
  the long form is an organisation, every mention of the acronym in the article (before the definition too)
  is the same organisation, and the long form is its canonical name (the acronym stays among its mentions).
  The acronym's letters must spell the long form in order, the first from its first word (Schwartz & Hearst).
- A name spaCy found that ends in an organisation word ("... Inc", "... Ministry", "... FC") is an
  organisation whatever spaCy labelled it, unless the whole name is a known place ("West Bank").
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..gazetteer.index import Gazetteer
from ..gazetteer.store import ALTERNATE, NAME
from .mention import Mention, overlaps

ORG_HEADS = frozenset("""
Inc Corp Corporation Ltd LLC PLC Plc Group Party Council Ministry Bank University Institute Agency Association
Union Committee Commission Court Army Police FC Club
""".split())
_RELABEL = frozenset({"PERSON", "NORP", "GPE", "LOC", "FAC", "EVENT"})
_CONNECTORS = frozenset({"of", "the", "for", "and", "on", "in", "de", "du", "des", "la", "le", "&", "to"})
_ACRONYM = r"[A-Z][A-Za-z&]{1,9}"
# "Long Form (ACR)" and "ACR (Long Form)", on one line.
_AFTER = re.compile(rf"\((?P<acr>{_ACRONYM})\)")
_BEFORE = re.compile(rf"(?<![\w-])(?P<acr>{_ACRONYM}) \((?P<long>[A-Z][^()\n]{{3,120}})\)")
_WORD = re.compile(r"[\w&'.-]+")
_TAIL = re.compile(r"[.,']+$")


def _is_acronym(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2 and word[0].isupper()


def _long_form_start(acronym: str, long: str) -> int | None:
    """Where the shortest long form spelt by ``acronym`` starts in ``long`` (Schwartz & Hearst), or None."""
    s, i = len(acronym) - 1, len(long) - 1
    while s >= 0:
        c = acronym[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (long[i].lower() != c or (s == 0 and i > 0 and long[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    return long.rfind(" ", 0, i + 1) + 1


def _checked(acronym: str, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The long form within text[start:end] that ``acronym`` abbreviates: capitalised, two words or more."""
    head = _long_form_start(acronym, text[start:end])
    if head is None:
        return None
    start += head
    words = text[start:end].split()
    if len(words) < 2 or len(words) > len(acronym) + 4 or not words[0][:1].isupper() \
            or words[0][:1].lower() != acronym[0].lower() or words[-1].lower() in _CONNECTORS:
        return None
    if any(not w[:1].isupper() and w.lower() not in _CONNECTORS for w in words):
        return None
    return start, end


def definitions(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(acronym span, long form span) for every acronym the text defines."""
    found = []
    for match in _AFTER.finditer(text):
        acr = match.group("acr")
        if not _is_acronym(acr):
            continue
        end = match.start()
        while end > 0 and text[end - 1] == " ":
            end -= 1
        line_start = text.rfind("\n", 0, end) + 1
        words = list(_WORD.finditer(text, line_start, end))
        window = words[-(len(acr) + 4):]
        # The long form stops at punctuation: only the words after the last break before the bracket.
        begin = window[0].start() if window else end
        for w in window:
            if re.search(r"[,;:()\"]", text[begin:w.start()]):
                begin = w.start()
        span = _checked(acr, text, begin, end) if window else None
        if span:
            found.append((match.span("acr"), span))
    for match in _BEFORE.finditer(text):
        acr, long = match.group("acr"), match.group("long")
        if not _is_acronym(acr):
            continue
        start = match.start("long")
        span = _checked(acr, text, start, start + len(long))
        if span and span[0] == start:
            found.append((match.span("acr"), span))
    return found


def _org_like(long: tuple[int, int], mentions: list[Mention]) -> bool:
    """Whether spaCy saw an organisation in (part of) the long form."""
    start, end = long
    return any(m.label == "ORG" and m.start < end and start < m.end for m in mentions)


def link(text: str, mentions: list[Mention]) -> tuple[list[Mention], dict[str, str]]:
    """The mentions with defined acronyms' long forms and mentions as organisations; acronym -> long form."""
    found = list(mentions)
    names: dict[str, str] = {}
    for (a_start, a_end), (start, end) in definitions(text):
        acr, long = text[a_start:a_end], text[start:end]
        if acr in names:
            continue
        if long.startswith(("The ", "the ")):
            start += 4
            long = text[start:end]
        ends_in_head = _TAIL.sub("", long.split()[-1]) in ORG_HEADS
        if not (ends_in_head or _org_like((start, end), found)
                or any(m.label == "ORG" and m.text == acr for m in found)):
            continue
        exact = [m for m in found if (m.start, m.end) == (start, end)]
        if any(m.label == "PERSON" or (m.is_place and not m.demonym) for m in exact):
            continue  # a person or a place, not an organisation
        clashes = [m for m in found if overlaps(m, Mention(start, end, long, "ORG", "acronym"))]
        if any(m.start < start or m.end > end for m in clashes):
            continue  # a name running past the long form: leave it alone
        inner = [m for m in clashes if (m.start, m.end) != (start, end) and m.is_place and not m.demonym]
        source = exact[0].source if exact else "acronym"
        found = [m for m in found if m not in clashes] + inner + [Mention(start, end, long, "ORG", source)]
        names[acr] = long
        found = _acronym_mentions(text, acr, found)
    return found, names


def _acronym_mentions(text: str, acr: str, mentions: list[Mention]) -> list[Mention]:
    """Every standalone mention of ``acr`` as an organisation; unrecognised ones added."""
    found = list(mentions)
    for match in re.finditer(rf"(?<![\w-]){re.escape(acr)}(?![\w-])", text):
        start, end = match.span()
        clashes = [m for m in found if m.start < end and start < m.end]
        if not clashes:
            found.append(Mention(start, end, acr, "ORG", "acronym"))
        elif len(clashes) == 1 and (clashes[0].start, clashes[0].end) == (start, end) \
                and clashes[0].source != "dateline":
            found[found.index(clashes[0])] = replace(clashes[0], label="ORG", demonym=False)
    return found


_HEAD_ALT = "|".join(sorted(ORG_HEADS, key=len, reverse=True))
# One to four title-case words (perhaps joined by "of", "and", "&") and an organisation word after them.
_PART = r"(?:[A-Z][a-z][\w'-]*|[A-Z]\.|&|and|of)"
_HEADED = re.compile(rf"(?<![\w&.'-]){_PART}(?: {_PART}){{0,4}} (?:{_HEAD_ALT})\b(?:(?<=Inc|Ltd)\.|(?<=Corp)\.)?")
_OPENERS = frozenset({"The", "A", "An", "This", "That", "These", "Those", "Its", "His", "Her", "Their", "Our",
                      "and", "of", "&"})


def headed_names(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Names ending in an organisation word that nobody recognised ("Daventry Town FC"), as organisations."""
    found = []
    for match in _HEADED.finditer(text):
        start, end = match.span()
        words = match.group().split()
        while words and words[0] in _OPENERS:
            start += len(words[0]) + 1
            words = words[1:]
        if len(words) < 2 or words[-2] in ("of", "and", "&") or "\n" in text[start:end]:
            continue
        if any(m.start < end and start < m.end for m in mentions) or _known_place(gazetteer, text[start:end]):
            continue
        found.append(Mention(start, end, text[start:end], "ORG", "cue"))
    return found


def _known_place(gazetteer: Gazetteer, name: str) -> bool:
    return any(c.kind in (NAME, ALTERNATE) for c in gazetteer.lookup(name))


def organisations_by_head(mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """spaCy's capitalised names ending in an organisation word labelled ORG, known places excepted."""
    result = []
    for m in mentions:
        words = m.text.split()
        if m.source == "ner" and m.label in _RELABEL and len(words) >= 2 and words[0][:1].isupper() \
                and _TAIL.sub("", words[-1]) in ORG_HEADS and not _known_place(gazetteer, m.text):
            m = replace(m, label="ORG", demonym=False)
        result.append(m)
    return result
