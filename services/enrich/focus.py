"""What an article is about, and where: how often and how early each entity is named, its main country and city."""

from __future__ import annotations

from dataclasses import dataclass

from .resolve import Resolution

DATELINE_WEIGHT = 3.0  # the dateline says where the story was filed: worth several mentions
EARLY_CHARS = 500  # a name in the opening lines (headline, lead) counts once more
CITY_CLASSES = frozenset({"P"})


@dataclass(frozen=True)
class FocusPlace:
    name: str
    geonameid: int | None
    country_code: str | None
    lat: float | None
    lon: float | None
    weight: float


@dataclass(frozen=True)
class Focus:
    """The article's main country (by ISO code, named when the article names it) and main city, if any."""

    country_code: str | None = None
    country: FocusPlace | None = None
    city: FocusPlace | None = None


def _weight(resolution: Resolution) -> float:
    total = 0.0
    for mention in resolution.mentions:
        total += DATELINE_WEIGHT if mention.source == "dateline" else 1.0
        total += 1.0 if mention.start < EARLY_CHARS else 0.0
    return total


def _focus_place(resolution: Resolution, weight: float) -> FocusPlace:
    c = resolution.candidate
    assert c is not None
    return FocusPlace(resolution.name, c.geonameid, c.country_code, c.lat, c.lon, round(weight, 2))


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
    return Focus(code, country, _focus_place(*best) if best else None)


def salience(entities: list[tuple[str, str, list[int]]]) -> list[dict]:
    """(label, name, mention starts) as rows ranked by mention count, then by first position."""
    rows = [{"label": label, "name": name, "count": len(starts), "first": min(starts)}
            for label, name, starts in entities if starts]
    return sorted(rows, key=lambda r: (-r["count"], r["first"]))
