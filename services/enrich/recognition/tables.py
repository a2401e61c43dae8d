"""Results and standings: who is named in a line of scores is a competitor, mostly a team (an organisation).

Sports pages list "Leyton Orient 2 Hartlepool 0", "CHICAGO 71 64 .526 10", "July 16-18 v Glamorgan":
the town names there are clubs, not places. A competitor that reads as a person stays a person and a
country stays a place (national teams are named by their country); every other one is an organisation,
and so is every other mention of the same name in the article (one sense per article).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..gazetteer.index import Gazetteer
from ..gazetteer.store import ALTERNATE, NAME
from .mention import Mention
from .people import looks_like_person
from .words import CALENDAR_WORDS

# At most eight words: an unbounded run made the search quadratic on a long line of capitalised words
# ("Mr Mr Mr ...", 100,000 characters took minutes); no club's name is longer.
_NAME = r"[A-Z][\w&.'-]{0,39}(?: (?:[A-Z][\w&.'-]{0,39}|'s|of|de|la|del|and)){0,7}"
_NUMBER = re.compile(r"^(?!\d{4}-\d\d-\d\d$)[-+]?(?:\d[\d.,:/-]*|\.\d+)$")  # a dateline's date is no score
# A name, perhaps its country in brackets, then a score, time or count.
_COMPETITOR = re.compile(rf"(?:^|(?<=[,;:] )|(?<=\d )|(?<=\d\. )|(?<=\) ))(?P<name>{_NAME})(?: \( [A-Z][\w. ]* \))? "
                         r"(?=[-+]?(?:\d|\.\d))(?!\d{4}-\d\d-\d\d)", re.MULTILINE)
# "Essex v Kent", "July 16-18 v Glamorgan"; in "MINNESOTA AT MILWAUKEE" the second is where they play.
_FIXTURE = re.compile(rf"(?:(?P<home>{_NAME}) )?(?:\bv|\bvs\.?) (?P<away>{_NAME})|^(?P<visitor>[A-Z][A-Z .]+) AT "
                      r"[A-Z][A-Z .]+$", re.MULTILINE)
_VENUE = re.compile(r"(?:\b[Aa]t|AT) $")
# A result written out: "Manchester City beat Arsenal 3-1", "Gujarat Titans beat Chennai Super Kings by 35 runs".
# "were beaten 2-0 by Brighton", "lost 3-1 to Lyon", "held to a 1-1 draw by Everton"
# "were held 1-1 by Aston Villa" (not "a 43-21 win over Delano": local papers name schools' teams by their towns,
# and the annotated corpora count those as the towns)
_BEATEN = re.compile(r"\b(?:(?:beaten|defeated|thrashed|lost|held) \d{1,3}-\d{1,3}|held to a \d{1,3}-\d{1,3} draw) "
                     r"(?:by|to) (?:the )?(?P<team>[A-Z][\w&'-]{0,39}(?: [A-Z][\w&'-]{0,39}){0,4})")
_TEAM = r"[A-Z][\w&'-]{0,39}(?: [A-Z][\w&'-]{0,39}){0,4}"  # no full stop: a name ends with its sentence
_RESULT = re.compile(rf"(?P<home>{_TEAM}) (?:beat|defeated|thrashed|edged|routed|drew with|lost to|fell to|"
                     rf"were held by)(?: the)? (?P<away>{_TEAM})"
                     r"(?=[^.\n]{0,40}?(?:\b\d{1,3}-\d{1,3}\b|\bby \d+ (?:runs|wickets|points|goals)))")
# The same clause without a score, in a sentence that gives one: a round-up ("Manchester City beat Arsenal 3-1 and
# Liverpool drew with Brighton, while in Spain Barcelona lost to Girona") names teams in every clause
# (not "Spain").
_UNSCORED = re.compile(rf"(?:\bin [A-Z][a-z]+,? )?(?P<home>{_TEAM}) (?:beat|defeated|thrashed|edged|routed|drew with|"
                       rf"lost to|fell to|were held by)(?: the)? (?P<away>{_TEAM})")
_SENTENCE = re.compile(r"[^.!?\n]+")
MIN_NUMBER_SHARE = 0.25
# The United Kingdom's countries field national teams of their own (GeoNames files them as divisions).
_HOME_NATIONS = frozenset({"England", "Scotland", "Wales", "Northern Ireland"})


def _tabular(line: str) -> bool:
    """A line of scores or standings: numbers make up a good part of its words."""
    words = line.split()
    numbers = sum(1 for w in words if _NUMBER.match(w))
    return numbers >= 1 and numbers / max(1, len(words)) >= MIN_NUMBER_SHARE


def competitor_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the names that results, standings and fixture lines give as competitors, and results written out
    in a sentence ("Manchester City beat Arsenal 3-1")."""
    spans, offset = [], 0
    for line in text.split("\n"):
        if _tabular(line):
            spans += [(offset + m.start("name"), offset + m.end("name")) for m in _COMPETITOR.finditer(line)]
        for m in _FIXTURE.finditer(line):
            spans += [(offset + m.start(g), offset + m.end(g)) for g in ("home", "away", "visitor")
                      if m.group(g)]
        offset += len(line) + 1
    spans += [(m.start(g), m.end(g)) for m in _RESULT.finditer(text) for g in ("home", "away")]
    for sentence in _SENTENCE.finditer(text):
        if _RESULT.search(sentence.group()):
            spans += [(sentence.start() + m.start(g), sentence.start() + m.end(g))
                      for m in _UNSCORED.finditer(sentence.group()) for g in ("home", "away")]
    spans += [(m.start("team"), m.end("team")) for m in _BEATEN.finditer(text)]
    return [(s, e) for s, e in spans if text[s:e].split()[0].lower() not in CALENDAR_WORDS]


def _competitor_label(gazetteer: Gazetteer, name: str, clashes: list[Mention], surnames: set[str]) -> str:
    if any(c.label == "PERSON" for c in clashes) or name in surnames or looks_like_person(gazetteer, name):
        return "PERSON"
    if any(c.kind in (NAME, ALTERNATE) and (c.feature_code == "PCLI" or c.name in _HOME_NATIONS)
           for c in gazetteer.lookup(name)):
        return "GPE"  # a national team is named by its country: "Ireland beat Wales 27-18"
    return "ORG"


def competitors(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """The mentions with every competitor of the article's tables labelled, and its other mentions too."""
    found = list(mentions)
    surnames = {m.text.split()[-1] for m in mentions if m.label == "PERSON" and " " in m.text}
    for start, end in competitor_spans(text):
        name = text[start:end]
        clashes = [m for m in found if m.start < end and start < m.end]
        label = _competitor_label(gazetteer, name, clashes, surnames)
        found = [m for m in found if m not in clashes]
        found.append(Mention(start, end, name, label, "table"))
    return teams_everywhere(text, found)


def teams_everywhere(text: str, mentions: list[Mention]) -> list[Mention]:
    """Every mention of a name the article's tables made a team is that team, except as a venue ("at X")."""
    teams = {m.text for m in mentions if m.source == "table" and m.label == "ORG"}
    return [replace(m, label="ORG", demonym=False) if m.text in teams and m.label != "PERSON"
            and not _VENUE.search(text, max(0, m.start - 3), m.start) else m for m in mentions]

