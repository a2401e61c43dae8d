"""What an article is about, and where: how often and how early each entity is named, its main country and city."""

from __future__ import annotations

from collections.abc import Sequence

from shared.enrichment import Entity, Focus, FocusPlace, Salience

from .resolve import Resolution

DATELINE_WEIGHT = 3.0  # the dateline says where the story was filed: worth several mentions
EARLY_CHARS = 500  # a name in the opening lines (headline, lead) counts once more
CITY_CLASSES = frozenset({"P"})


def _weight(resolution: Resolution) -> float:
    total = 0.0
    for mention in resolution.mentions:
        total += DATELINE_WEIGHT if mention.source == "dateline" else 1.0
        total += 1.0 if mention.start < EARLY_CHARS else 0.0
    return total


def _focus_place(resolution: Resolution, weight: float) -> FocusPlace:
    c = resolution.candidate
    assert c is not None
    return FocusPlace(name=resolution.name, **c.located(), weight=round(weight, 2))


def focus(resolutions: list[Resolution]) -> Focus:
    """The country whose places the article names most (dateline and lead weigh more), and its main city."""
    resolved = [(r, _weight(r)) for r in resolutions if r.candidate is not None and r.candidate.lat is not None]
    by_country: dict[str, float] = {}
    for r, weight in resolved:
        if r.candidate and r.candidate.country_code:
            code = r.candidate.country_code
            by_country[code] = by_country.get(code, 0.0) + weight
    if not by_country:
        return Focus()
    code = max(by_country, key=lambda country: by_country[country])  # ties: the first named
    mine = [(r, w) for r, w in resolved if r.candidate and r.candidate.country_code == code]
    country = next((_focus_place(r, w) for r, w in mine if r.candidate and r.candidate.feature_code == "PCLI"), None)
    cities = [(r, w) for r, w in mine if r.candidate and r.candidate.feature_class in CITY_CLASSES]
    best = max(cities, key=lambda rw: (rw[1], -rw[0].mentions[0].start), default=None)
    return Focus(country_code=code, country=country, city=_focus_place(*best) if best else None)


def salience(entities: Sequence[Entity]) -> tuple[Salience, ...]:
    """The entities ranked by mention count, then by first position."""
    rows = [Salience(label=e.label, name=e.name, count=len(e.mentions), first=min(m.start for m in e.mentions))
            for e in entities if e.mentions]
    return tuple(sorted(rows, key=lambda r: (-r.count, r.first)))
