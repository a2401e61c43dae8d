"""What an article is about, and where: how often and how early each entity is named, its main country and city.

The focus is decided, in this order, by:
- ``dateline``: the place the story was filed from ("MANILA (Reuters) -"), when it resolved. Its country is the
  focus country; when it is a town, it is the focus city (its own point, not the country's centre);
- ``located``: the place the sender gave beside the text (ninjs ``located``), resolved with the article's places;
- ``salience``: the country whose places the article names most, earliest (the first sentence weighs most)
  and most specifically, and its most-named town. A nationality word ("Russian envoys") or a country's name used
  as one ("a US diplomat") says who acts, not where: it weighs a quarter of a mention.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from shared.enrichment import Entity, Focus, FocusPlace, FocusReason, Salience

from ..gazetteer.index import Candidate
from .resolve import Resolution

DATELINE_WEIGHT = 3.0  # the dateline says where the story was filed: worth several mentions
EARLY_CHARS = 500  # a name in the opening lines (headline, lead) counts once more
# A name in the first sentence (the headline, or the lead of a story without one) says where the story is as a
# dateline does ("Health officials in New York City are investigating ... In Spain, a separate outbreak ...").
LEAD_BONUS = 3.0
# a sentence's end: a full stop after a small letter or a digit ("U.S. officials" goes on), or a line break
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]\u2019'][.!?])[\u201d\"]?\s+(?=[A-Z\u201c\"])|\n")
CITY_CLASSES = frozenset({"P"})
# A town or a division says more about where a story is than its country's name does ("in Goma, Congo").
SPECIFIC_BONUS = 0.5
_AREAS = frozenset({"PCLI", "CONT"})
ACTOR_WEIGHT = 0.25  # a nationality word or a country's name as a modifier: who, not where
_MODIFIES = re.compile(r" (?!(?:and|or|of|in|on|at|to|is|was|has|had|said|says|will|would)\b)[a-z]")

CountryLookup = Callable[[str], Candidate | None]


def lead_end(text: str) -> int:
    """Where the text's first sentence ends (the whole text if it is one sentence)."""
    end = _SENTENCE_END.search(text, 20)
    return end.start() if end is not None else len(text)


def _weight(resolution: Resolution, text: str = "", lead: int = 0) -> float:
    total = 0.0
    country = resolution.candidate is not None and resolution.candidate.feature_code == "PCLI"
    for mention in resolution.mentions:
        if mention.demonym or (country and _MODIFIES.match(text, mention.end)):
            total += ACTOR_WEIGHT
            continue
        total += DATELINE_WEIGHT if mention.source == "dateline" else 1.0
        total += 1.0 if mention.start < EARLY_CHARS else 0.0
        total += LEAD_BONUS if mention.start < lead else 0.0
        total += SPECIFIC_BONUS if resolution.candidate and resolution.candidate.feature_code not in _AREAS else 0.0
    return total


def _focus_place(name: str, candidate: Candidate, weight: float) -> FocusPlace:
    return FocusPlace(name=name, **candidate.located(), weight=round(weight, 2))


def _located(resolutions: list[Resolution], text: str) -> list[tuple[Resolution, float]]:
    lead = lead_end(text)
    return [(r, _weight(r, text, lead)) for r in resolutions if r.candidate is not None and r.candidate.lat is not None
            and r.candidate.country_code]


def _dateline(resolved: list[tuple[Resolution, float]]) -> tuple[Resolution, float] | None:
    filed = [(r, w) for r, w in resolved if any(m.source == "dateline" for m in r.mentions)]
    return min(filed, key=lambda rw: min(m.start for m in rw[0].mentions if m.source == "dateline"), default=None)


def _by_salience(resolved: list[tuple[Resolution, float]]) -> str | None:
    by_country: dict[str, float] = {}
    for r, weight in resolved:
        code = r.candidate.country_code if r.candidate else None
        if code:
            by_country[code] = by_country.get(code, 0.0) + weight
    return max(by_country, key=lambda country: by_country[country]) if by_country else None  # ties: first named


def focus(resolutions: list[Resolution], located: Candidate | None = None,
          country_of: CountryLookup | None = None, text: str = "") -> Focus:
    """The article's main country and city, and the reason (see the module's docstring)."""
    resolved = _located(resolutions, text)
    filed = _dateline(resolved)
    reason: FocusReason
    city: tuple[str, Candidate, float] | None = None
    if filed is not None and filed[0].candidate is not None:
        place = filed[0].candidate
        code, reason = place.country_code, "dateline"
        if place.feature_class in CITY_CLASSES:
            city = (filed[0].name, place, filed[1])
    elif located is not None and located.country_code and located.lat is not None:
        code, reason = located.country_code, "located"
        if located.feature_class in CITY_CLASSES:
            mine = [(r, w) for r, w in resolved if r.candidate and r.candidate.id == located.id]
            city = (located.name, located, mine[0][1] if mine else 0.0)
    else:
        code, reason = _by_salience(resolved), "salience"
    if code is None:
        return Focus()
    mine = [(r, w) for r, w in resolved if r.candidate and r.candidate.country_code == code]
    if city is None:
        towns = [(r, w) for r, w in mine if r.candidate and r.candidate.feature_class in CITY_CLASSES]
        best = max(towns, key=lambda rw: (rw[1], -rw[0].mentions[0].start), default=None)
        if best is not None and best[0].candidate is not None:
            city = (best[0].name, best[0].candidate, best[1])
    named = next(((r, w) for r, w in mine if r.candidate and r.candidate.feature_code == "PCLI"), None)
    if named is not None and named[0].candidate is not None:
        country: FocusPlace | None = _focus_place(named[0].name, named[0].candidate, named[1])
    else:
        unnamed = country_of(code) if country_of else None
        country = _focus_place(unnamed.name, unnamed, 0.0) if unnamed else None
    return Focus(country_code=code, country=country, city=_focus_place(*city) if city else None, reason=reason)


def salience(entities: Sequence[Entity]) -> tuple[Salience, ...]:
    """The entities ranked by mention count, then by first position."""
    rows = [Salience(label=e.label, name=e.name, count=len(e.mentions), first=min(m.start for m in e.mentions))
            for e in entities if e.mentions]
    return tuple(sorted(rows, key=lambda r: (-r.count, r.first)))
