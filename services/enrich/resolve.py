"""Resolution: each place name in an article to one gazetteer entry, ranked with the article's context."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from .dateline import title_case
from .gazetteer.index import Candidate, Gazetteer
from .gazetteer.names import key
from .gazetteer.store import ALTERNATE, DEMONYM, NAME
from .mention import Mention

_FEATURE_PRIOR = {"PCLI": 3.0, "CONT": 2.5, "PPLC": 2.0, "ADM1": 1.5}
_KIND_PRIOR = {NAME: 0.0, ALTERNATE: -1.0}


@dataclass
class Context:
    """What the article says about where it is: countries, first-level divisions, appositions."""

    countries: Counter = field(default_factory=Counter)
    divisions: Counter = field(default_factory=Counter)
    hints: dict[str, set[tuple[str | None, str | None]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Resolution:
    """The place one name in one article was taken to be (``candidate`` None when unknown)."""

    name: str
    candidate: Candidate | None
    confidence: float
    mentions: tuple[Mention, ...]


def candidates_for(gazetteer: Gazetteer, mention: Mention) -> tuple[Candidate, ...]:
    """Places a mention may name (a demonym only its country), trying title case for upper-case text."""
    found = gazetteer.lookup(mention.text)
    if not found and mention.text.isupper() and len(mention.text) > 3:
        found = gazetteer.lookup(title_case(mention.text))
    return tuple(c for c in found if (c.kind == DEMONYM) == mention.demonym and c.lat is not None)


def prior(candidate: Candidate) -> float:
    """How likely a name means this place before reading the article."""
    feature = _FEATURE_PRIOR.get(candidate.feature_code or "", 1.5 if candidate.feature_class in "HTL" else 0)
    return feature + _KIND_PRIOR.get(candidate.kind, -0.3) + 0.4 * math.log10(candidate.population + 1)


def score(candidate: Candidate, context: Context, name: str, rivals: tuple[Candidate, ...] = ()) -> float:
    """Prior plus the support the article gives this place."""
    total = prior(candidate)
    if candidate.feature_class == "P" and candidate.population > 100_000 and any(
            r.feature_code == "ADM1" and (r.country_code, r.admin1) == (candidate.country_code,
                                                                        candidate.admin1) for r in rivals):
        total += 1.7  # a big city and the division named after it: news means the city
    cc, admin1 = candidate.country_code, candidate.admin1
    if cc and context.countries[cc]:
        total += 1.5 + (0.5 if context.countries.most_common(1)[0][0] == cc else 0.0)
    if cc and admin1 and context.divisions[(cc, admin1)] and candidate.feature_code != "ADM1":
        total += 2.0
    for hint_cc, hint_admin1 in context.hints.get(name, ()):
        if cc == hint_cc and (hint_admin1 is None or admin1 == hint_admin1):
            total += 4.0
    return total


def _unambiguous(found: tuple[Candidate, ...]) -> Candidate | None:
    """The one country or division a name surely means, to seed the context."""
    best = max(found, key=prior, default=None)
    if best is None or best.feature_code not in ("PCLI", "ADM1"):
        return None
    rivals = [c for c in found if c is not best and prior(c) > prior(best) - 1.0]
    return None if rivals else best


def build_context(groups: dict[str, list[Mention]], found: dict[str, tuple[Candidate, ...]],
                  text: str) -> Context:
    """Countries and divisions the article names without doubt, and "City, State" appositions."""
    context = Context()
    for name, candidates in found.items():
        sure = _unambiguous(candidates)
        if sure is not None:
            context.countries[sure.country_code] += len(groups[name])
            if sure.feature_code == "ADM1":
                context.divisions[(sure.country_code, sure.admin1)] += len(groups[name])
    mentions = sorted((m for ms in groups.values() for m in ms), key=lambda m: m.start)
    for first, second in zip(mentions, mentions[1:], strict=False):
        if text[first.end:second.start].strip() == ",":
            sure = _unambiguous(found.get(key(second.text), ()))
            if sure is not None:
                context.hints.setdefault(key(first.text), set()).add(
                    (sure.country_code, sure.admin1 if sure.feature_code == "ADM1" else None))
    return context


def _confidence(scores: list[float], best: Candidate) -> float:
    top = max(scores)
    share = 1.0 / sum(math.exp(s - top) for s in scores)
    return round(share * (0.95 if best.kind == NAME else 0.8), 3)


def resolve(text: str, places: list[Mention], gazetteer: Gazetteer) -> list[Resolution]:
    """One resolution per distinct place name in the article (one sense per name)."""
    groups: dict[str, list[Mention]] = {}
    for mention in places:
        groups.setdefault(key(mention.text), []).append(mention)
    found = {name: candidates_for(gazetteer, ms[0]) for name, ms in groups.items()}
    context = build_context(groups, found, text)
    resolutions = []
    for name, mentions in groups.items():
        candidates = found[name]
        if not candidates:
            resolutions.append(Resolution(mentions[0].text, None, 0.0, tuple(mentions)))
            continue
        scores = [score(c, context, name, candidates) for c in candidates]
        best = candidates[scores.index(max(scores))]
        resolutions.append(Resolution(best.name, best, _confidence(scores, best), tuple(mentions)))
    return resolutions
