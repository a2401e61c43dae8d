"""What an article says about where it is: the places it names surely, appositions, and its other choices."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from ..gazetteer.index import Candidate
from ..gazetteer.names import key
from ..gazetteer.store import NAME
from ..recognition.mention import Mention
from .colocation import neighbours
from .distance import km
from .prior import FEATURE_PRIOR, prior

NEAR_KM = 50.0
AROUND_KM = 150.0
_AROUND_DEGREES = AROUND_KM / 111.0  # a degree of latitude is 111.2 km: a little slack, never a wrong skip
CLUSTER_WEIGHT = 2.0  # per other name that may lie close by, whichever place it turns out to be
CLUSTER_CAP = 3
# Nearness and same-division support from a place chosen only from the article's other choices, against that from
# an anchor. Tuned on LGL alone (0.5: acc@161 .8820, 0.6: .8831, 0.75: .8825, 0.9: .8810, 1.0: .8789).
INFERRED_WEIGHT = 0.6
# A dateline's country is strong evidence for every ambiguous name after it ("Congo" under KINSHASA), though
# not against a reading far likelier by itself ("England" in a story filed from Cambridge, Mass.).
FILED_WEIGHT = 2.0
CITY_LIKE_DIVISION = 1.7  # "Moscow", "New York": news means the city more than the division around it
WORLD_CITY = 1_000_000
_MINOR = frozenset({"ADM1", "PPLC"})  # ranks whose weight a small place named like a big city loses
MINOR_PLACE_CITY = 100_000
WORLD_CITY_EDGE = 0.5
FILED_MARGIN = 2.5
_AREAS = frozenset({"PCLI", "ADM1", "CONT"})
_SPEECH = re.compile(r"\s+(?:has\s+|had\s+|have\s+)?(?:said|says|warned|announced|insisted|accused|denied|"
                     r"rejected|demanded|urged|wants|threatened|responded|denounced|condemned)\b")


# Words before a name that put the story there ("talks in Washington", "flew to Moscow"): a capital never
# written so is its government ("Washington accused Moscow"), which says nothing about what lies near it.
_LOCATIVE = re.compile(r"\b(?:in|at|near|from|outside|across|around|into|throughout|to|toward|towards|via|"
                       r"visit|visits|visited|visiting|reached|left|leaving|entered|of)\s+(?:the\s+)?$",
                       re.IGNORECASE)


_COUNTRY_LEVEL = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"})


def countries_of(candidate: Candidate) -> frozenset[str | None]:
    """The countries whose story a place belongs to: its own and, for a place inside a disputed territory, every
    party's ("Dakhla" beside Rabat and Morocco). A disputed country-level entity (Mayotte, Taiwan) is only its own:
    "French" is France, not Mayotte."""
    if candidate.feature_code in _COUNTRY_LEVEL:
        return frozenset({candidate.country_code})
    return frozenset({candidate.country_code, *candidate.disputed})


@dataclass(frozen=True)
class Context:
    """Places the article names (one choice per name) and "City, State" hints per name."""

    choices: dict[str, Candidate] = field(default_factory=dict)
    hints: dict[str, set[tuple[str | None, str | None]]] = field(default_factory=dict)
    speakers: frozenset[str] = frozenset()
    neighbours: dict[int, float] = field(default_factory=dict)  # see colocation.neighbours
    filed: str | None = None  # the country of the dateline's place
    filed_names: frozenset[str] = frozenset()  # the names (groups) a dateline gives
    governments: frozenset[str] = frozenset()  # capitals named only as their governments (see _LOCATIVE)
    anchors: frozenset[str] = frozenset()  # names stated surely: no rival reading, a dateline, a qualifier
    divisions: frozenset[str] = frozenset()  # names written only as divisions ("Albany, New York": the state)
    worded: frozenset[str] = frozenset()  # ... with a division's word ("Niger state", "the state of Georgia")
    near: frozenset[str] = frozenset()  # names written only after "near" ("centred near Sagaing": a point)
    provinces: frozenset[str] = frozenset()  # ... before "province(s)" ("Isabela provinces": second-level in PH)
    towns: frozenset[str] = frozenset()  # names written only as towns ("the city of Liberia": not the country)
    capitals: frozenset[str] = frozenset()  # names written only as capitals ("the capital Victoria", the Seychelles')
    features: frozenset[str] = frozenset()  # names written only after "the" ("across the Zambezi": not the town)

    def filed_in(self, country: str | None) -> Context:
        """The same context, for a story filed from ``country`` (its dateline's)."""
        return replace(self, filed=country)

    def speaks(self, name: str) -> bool:
        """Whether the article has the place say or do something ("Moscow warned"), as governments do."""
        return name in self.speakers

    def with_choices(self, choices: dict[str, Candidate]) -> Context:
        """The same hints with these choices for the other names."""
        return replace(self, choices={**self.choices, **choices})

    def support(self, candidate: Candidate, name: str, overshadowed: bool = False) -> float:
        """How much the article's other places and hints back this candidate for ``name``.

        An ``overshadowed`` candidate (a village named like a world city) gets its country's support only
        with some local sign besides: a place near it or in its division, a qualifier."""
        # Another name taken for this very place ("Paris City Hall" for "Paris") is no evidence for it.
        others = [c for n, c in self.choices.items() if n != name and c.id != candidate.id]
        located = [(n, c) for n, c in self.choices.items()
                   if n != name and c.id != candidate.id and n not in self.governments]
        every = [c for _, c in located]
        anchored = [c for n, c in located if n in self.anchors]
        # Support from a place that was itself only inferred counts for less than from one the article states
        # surely: two small namesakes chosen for each other (Macon and Columbus, Mississippi, in a Georgia
        # story) must not outweigh the state the story names.
        local = max(self._nearby(candidate, anchored), INFERRED_WEIGHT * self._nearby(candidate, every))
        local += max(self._division(candidate, anchored), INFERRED_WEIGHT * self._division(candidate, every))
        if not self._outside_named_states(candidate, anchored):
            local += CLUSTER_WEIGHT * min(self.neighbours.get(candidate.id, 0.0), CLUSTER_CAP)
        if any(fits(candidate, hint) for hint in self.hints.get(name, ())):
            local += 4.0
        if overshadowed and not local:
            return 0.0
        return local + self._countries(candidate, others)

    @staticmethod
    def _outside_named_states(candidate: Candidate, anchored: list[Candidate]) -> bool:
        """Whether the story names a state (a first-level division) of the candidate's country for sure and none
        of its sure places lies in the candidate's: a cluster of small namesakes elsewhere (Columbus, Dayton and
        Ashland, New Jersey, in a story that names Ohio four times) is no sign against the state it names."""
        states = {c.admin1 for c in anchored if c.feature_code == "ADM1" and c.country_code == candidate.country_code}
        if not states or candidate.admin1 in states:
            return False
        return not any((c.country_code, c.admin1) == (candidate.country_code, candidate.admin1) for c in anchored)

    @staticmethod
    def _countries(candidate: Candidate, others: list[Candidate]) -> float:
        counts: dict[str | None, int] = {}
        for other in others:
            counts[other.country_code] = counts.get(other.country_code, 0) + 1
        if not candidate.country_code:
            return 2.0 if others else 0.0  # seas and regions belong to no country and suit any article
        countries = countries_of(candidate)
        if not any(counts.get(country) for country in countries):
            return 0.0
        top = max(counts.items(), key=lambda item: item[1])[0]
        return 1.5 + (0.5 if top in countries else 0.0)

    @staticmethod
    def _division(candidate: Candidate, others: list[Candidate]) -> float:
        """Other places in the same first-level division: towns say more than the division's name."""
        if not candidate.admin1 or candidate.feature_code in ("PCLI", "ADM1"):
            return 0.0  # a division's own support is the places inside it (see _nearby)
        same = [o for o in others if (o.country_code, o.admin1) == (candidate.country_code, candidate.admin1)]
        if any(o.feature_code not in _AREAS for o in same):
            return 2.0
        return 1.0 if same else 0.0

    @staticmethod
    def _nearby(candidate: Candidate, others: list[Candidate]) -> float:
        if candidate.feature_code in ("PCLI", "ADM1"):
            return 1.5 if any(o.feature_code not in _AREAS and inside(o, candidate) for o in others) else 0.0
        if candidate.feature_code in _AREAS or candidate.lat is None:
            return 0.0
        # a latitude apart by more than AROUND_KM is farther than that whatever the longitude: no need to measure
        distances = [km(candidate.lat, candidate.lon or 0.0, o.lat, o.lon or 0.0) for o in others
                     if o.feature_code not in _AREAS and o.lat is not None
                     and abs(o.lat - candidate.lat) <= _AROUND_DEGREES]
        nearest = min(distances, default=math.inf)
        return 1.5 if nearest <= NEAR_KM else 1.0 if nearest <= AROUND_KM else 0.0


def inside(place: Candidate, area: Candidate) -> bool:
    """Whether a place lies in a country (PCLI) or a first-level division."""
    if place.country_code != area.country_code:
        return False
    return area.feature_code == "PCLI" or place.admin1 == area.admin1


def _divisions_named_alike(candidate: Candidate, rivals: tuple[Candidate, ...]) -> list[Candidate]:
    """The first-level divisions a city is named like: "Moscow", "Kiev", whether the city lies in it (Moscow
    Oblast's admin code is not Moscow's, but Kyiv Oblast surrounds Kyiv) or not; not a namesake far away
    (Washington, D.C. and Washington State), nor a city named for the country the name is ("Mexico")."""
    if candidate.feature_class != "P" or candidate.population <= 100_000:
        return []
    country_named = any((r.feature_code or "").startswith("PCL") for r in rivals)
    return [r for r in rivals if r.feature_code == "ADM1" and r.country_code == candidate.country_code and (
        r.admin1 == candidate.admin1 or not country_named and km(
            candidate.lat or 0.0, candidate.lon or 0.0, r.lat or 0.0, r.lon or 0.0) <= AROUND_KM)]


def city_named_like_its_division(candidate: Candidate, rivals: tuple[Candidate, ...]) -> bool:
    """Whether a city is named like a first-level division around or near it (see _divisions_named_alike)."""
    return bool(_divisions_named_alike(candidate, rivals))


def city_edge(candidate: Candidate, rivals: tuple[Candidate, ...]) -> float:
    """What a city named like its division adds to its prior: news means the city more than the division. A
    world city ("New York", "Sao Paulo") is taken to be named at least as often as its division, however many
    more people the division holds: with nothing else said, "in New York" is the city."""
    divisions = _divisions_named_alike(candidate, rivals)
    if not divisions:
        return 0.0
    if candidate.population < WORLD_CITY:
        return CITY_LIKE_DIVISION
    return max(CITY_LIKE_DIVISION, max(map(prior, divisions)) - prior(candidate) + WORLD_CITY_EDGE)


def minor_place_edge(candidate: Candidate, rivals: tuple[Candidate, ...]) -> float:
    """What a first-level division or a capital loses when a namesake city elsewhere holds five times its people
    and more than MINOR_PLACE_CITY: "born in Manchester" is the English city, not the Jamaican parish of 62,000;
    "Hamilton" is the Canadian city, not Bermuda's capital of 900. The rank is its feature's weight (prior.py),
    taken back; the small place is meant where the story says so (its country, a qualifier, a neighbour)."""
    weight = FEATURE_PRIOR.get(candidate.feature_code or "", 0.0) if candidate.feature_code in _MINOR else 0.0
    if not weight:
        return 0.0
    bigger = any(r.feature_class == "P" and r.country_code != candidate.country_code
                 and r.population >= max(MINOR_PLACE_CITY, 5 * candidate.population) for r in rivals)
    return -weight if bigger else 0.0


def _unambiguous(found: tuple[Candidate, ...], division: bool = False) -> Candidate | None:
    """The one country or division a name surely means: not "New York", whose city news means as often, unless
    the name is written as a ``division`` ("Albany, New York": the state)."""
    best = max(found, key=lambda c: prior(c) + minor_place_edge(c, found), default=None)
    if best is None or best.feature_code not in ("PCLI", "ADM1"):
        return None
    if division:
        found = tuple(c for c in found if not city_named_like_its_division(c, found))
    top = prior(best) + minor_place_edge(best, found)
    rivals = [c for c in found if c is not best and prior(c) + city_edge(c, found) > top - 1.0]
    return None if rivals else best


def _the_division_holding(first: tuple[Candidate, ...], second: tuple[Candidate, ...]) -> Candidate | None:
    """The one country or first-level division of an ambiguous name that holds a place of the name before it:
    "Melbourne, Victoria" is Melbourne in the Australian state, whatever else is called Victoria."""
    holding = [d for d in second if d.kind == NAME and d.feature_code in ("PCLI", "ADM1") and any(
        c.country_code == d.country_code and (d.feature_code == "PCLI" or c.admin1 == d.admin1)
        for c in first if c.feature_class == "P" or c.feature_code == "ADM2")]
    return holding[0] if len(holding) == 1 else None


Qualifier = tuple[str | None, str | None]  # (country code, admin1 code or None): "Springfield, Illinois"

# "India's Punjab", "Mexico's Guerrero state", "China's far western Xinjiang": the possessor places what follows.
_POSSESSIVE = re.compile(r"['\u2019]s\s+(?:(?:far|remote|restive|troubled|southern|northern|eastern|western|"
                         r"(?:north|south)(?:east|west)(?:ern)?|central|coastal|mountainous|rural|war-torn|"
                         r"rebel-held)[\s-]+){0,2}")


def fits(candidate: Candidate, qualifier: Qualifier) -> bool:
    """Whether a reading lies where a qualifier puts it: in that division, or in that country or a territory
    the country claims ("Morocco's Dakhla" is Dakhla in Western Sahara)."""
    country, admin1 = qualifier
    if admin1 is None:
        return country in countries_of(candidate)
    return candidate.country_code == country and candidate.admin1 == admin1


def _as_qualifier(place: Candidate) -> Qualifier:
    """A country or first-level division as the qualifier it makes of the name before it."""
    return place.country_code, place.admin1 if place.feature_code == "ADM1" else None


def _possessed(first: Mention, second: Mention, found: dict[str, tuple[Candidate, ...]], text: str) -> bool:
    """Whether ``second`` is written as a place of ``first`` ("Pakistan's Punjab"), not as a country of its own
    ("Russia's Ukraine war", "China's Taiwan policy": a qualifier there would pick a village named so)."""
    if not _POSSESSIVE.fullmatch(text, first.end, second.start) or second.demonym:
        return False
    best = max(found.get(key(second.name), ()), key=prior, default=None)
    return best is not None and best.feature_code not in _COUNTRY_LEVEL and best.feature_code != "CONT"


# the division's word inside the name spaCy found ("Buenos Aires province" as one span)
_DIVISION_WORD = r"(?:state|province|oblast|region|governorate|prefecture)"
_DIVISION_WORD_LAST = re.compile(r"\s" + _DIVISION_WORD + "$", re.IGNORECASE)
_APPOSED = re.compile(r"\s*,\s*(?:in\s+)?")  # "Springfield, Illinois", "Dakhla, in Western Sahara"
_LIST_END = re.compile(r",?\s+(?:and|or)\s+(?:the\s+)?")
# "Tripoli in northern Lebanon", "Victoria in the Seychelles": a country after "in" places the name before it
_IN_A_COUNTRY = re.compile(r"\s+in\s+(?:the\s+)?(?:(?:north|south|east|west)(?:-?(?:east|west))?ern\s+|central\s+)?")


def qualifiers(mentions: list[Mention], found: dict[str, tuple[Candidate, ...]], text: str) -> dict[int, Qualifier]:
    """For each mention written "Name, State", "Name, Country" or "Country's Name" (by its start): the country
    and division."""
    ordered = sorted(mentions, key=lambda m: m.start)
    result: dict[int, Qualifier] = {}
    for first, second, third in zip(ordered, ordered[1:], [*ordered[2:], None], strict=False):
        if _possessed(first, second, found, text):
            sure = _unambiguous(found.get(key(first.name), ()))
            if sure is not None and not first.demonym:
                result[second.start] = (sure.country_code, sure.admin1 if sure.feature_code == "ADM1" else None)
            continue
        if _APPOSED.fullmatch(text, first.end, second.start) is None:
            country = _unambiguous(found.get(key(second.name), ()))
            if _IN_A_COUNTRY.fullmatch(text, first.end, second.start) and not first.demonym and not second.demonym \
                    and country is not None and country.feature_code == "PCLI" \
                    and any(c.country_code == country.country_code for c in found.get(key(first.name), ())):
                result[first.start] = (country.country_code, None)  # "Tripoli in northern Lebanon"
            continue
        first_found, second_found = found.get(key(first.name), ()), found.get(key(second.name), ())
        holding = _the_division_holding(first_found, second_found)
        sure = _unambiguous(second_found, division=True)
        if sure is None or holding is not None and not any(fits(c, _as_qualifier(sure)) for c in first_found):
            # "Rome, Georgia": the US state that holds a Rome, not the country named first that holds none
            sure = holding
        if sure is not None and third is not None and _LIST_END.fullmatch(text, second.end, third.start) \
                and key(third.name) != key(first.name):
            # "stops in Washington, New York and Boston": a list, not Washington in New York State ("Washington
            # County, Oregon, and Washington County, Maryland" are two qualified names, no list)
            continue
        if sure is not None:
            result[first.start] = _as_qualifier(sure)
        elif len(second_found) == 1 and second_found[0].admin1:
            # "Washington, D.C.": a name with one reading places the name before it in its division
            result[first.start] = (second_found[0].country_code, second_found[0].admin1)
    return result


# "upstate New York", "the state of New York", "New York state": the division, not the city named like it.
# A compass word before the name in lower case speaks of a part of an area ("southern Quebec", "northern Virginia"):
# the province or state, not the city named like it.
_DIVISION_BEFORE = re.compile(r"\b(?:upstate|downstate|(?:the\s+)?(?:state|province|region)s?\s+of"
                              r"(?:\s+[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)?(?:,|\s+and))*)\s+$|"
                              r"(?<![\w-])(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
                              r"ern\s+$", re.IGNORECASE)
# "Kano state", "the Zinder region", "Kassala and Gedaref states", "Nangarhar, Kunar and Kandahar provinces"
_DIVISION_AFTER = re.compile(r"(?:(?:,|,?\s+and)\s+[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)?)*"
                             r"\s+" + _DIVISION_WORD + r"s?\b"
                             r"(?!\s+(?:of|department|police|university))", re.IGNORECASE)

_DIVISION_OF = re.compile(r"\b(?:state|province|region)s?\s+of\s+$", re.IGNORECASE)  # "the state of Georgia"
_PROVINCE = re.compile(r"\b(?:province|prefecture)s?$", re.IGNORECASE)  # the word after "Isabela"
_NEAR = re.compile(r"\bnear\s+$")

# "the northwestern city of Liberia", "the port of Limón", "the capital, Sukhumi": a town, not a country or state
_CAPITAL_BEFORE = re.compile(r"\bcapital,?\s+$", re.IGNORECASE)
_TOWN_BEFORE = re.compile(r"\b(?:city|town|village|port)\s+of\s+$|\bcapital,?\s+$", re.IGNORECASE)


# A town is seldom written after "the" in lower case; a river, a lake, a region or a country often is ("across the
# Zambezi", "the left bank of the Dnipro", "the Gambia").
_THE_BEFORE = re.compile(r"(?<![\w-])the\s+$")
_ISLAND_BEFORE = re.compile(r"\b(?:island|isle)\s+of\s+$", re.IGNORECASE)  # "near the island of Trinidad"
# ... where the name ends its phrase: "the Manhattan area", "the Columbus Metropolitan Library" name a town
_HEAD_ENDS = re.compile(r"\s*(?:[,.;:)!?\u2014\u2013]|$)|\s+(?:and|or|in|into|to|at|on|near|from|with|was|is|has|had|"
                        r"river|valley|basin|delta|estuary|lake)\b")


def towns(mentions: list[Mention], text: str) -> set[int]:
    """The mentions (by start) written as a town: after "the city of", "the port of", "the region's capital,"."""
    return {m.start for m in mentions if _TOWN_BEFORE.search(text, max(0, m.start - 30), m.start)}


def divisions(mentions: list[Mention], qualified: dict[int, Qualifier], text: str) -> set[int]:
    """The mentions (by start) written as a division: one that qualifies the town before it ("Albany, New
    York"), or with a division's word beside it ("upstate New York", "New York state")."""
    ordered = sorted(mentions, key=lambda m: m.start)
    result = {second.start for first, second in zip(ordered, ordered[1:], strict=False)
              if first.start in qualified and _APPOSED.fullmatch(text, first.end, second.start) is not None}
    return result | {m.start for m in mentions if _DIVISION_BEFORE.search(text, max(0, m.start - 20), m.start)
                     or _DIVISION_AFTER.match(text, m.end) or _DIVISION_WORD_LAST.search(m.text)}


def seed_context(groups: dict[str, list[Mention]], found: dict[str, tuple[Candidate, ...]],
                 text: str, qualified: dict[int, Qualifier] | None = None) -> Context:
    """Countries and divisions named without doubt, and "City, State" or "City, Country" appositions."""
    choices = {name: sure for name, candidates in found.items() if (sure := _unambiguous(candidates))}
    if qualified is None:
        qualified = qualifiers([m for ms in groups.values() for m in ms], found, text)
    hints: dict[str, set[Qualifier]] = {}
    for name, ms in groups.items():
        for m in ms:
            if m.start in qualified:
                hints.setdefault(name, set()).add(qualified[m.start])
    # "Moscow said" speaks; "police in Victoria said" does not: the place is where the speaker is
    speakers = frozenset(name for name, ms in groups.items()
                         if any(_SPEECH.match(text, m.end) and not _LOCATIVE.search(text, max(0, m.start - 30), m.start)
                                for m in ms))
    governments = frozenset(name for name, ms in groups.items() if _government_only(ms, found.get(name, ()), text))
    located = {name: candidates for name, candidates in found.items() if name not in governments}
    anchors = frozenset(choices) | frozenset(hints) | frozenset(
        name for name, ms in groups.items() if any(m.source == "dateline" for m in ms))
    every = [m for ms in groups.values() for m in ms]
    written, written_as_towns = divisions(every, qualified, text), towns(every, text)
    as_divisions = frozenset(name for name, ms in groups.items() if all(m.start in written for m in ms))
    as_worded = frozenset(name for name, ms in groups.items() if all(
        _DIVISION_AFTER.match(text, m.end) or _DIVISION_WORD_LAST.search(m.text)
        or _DIVISION_OF.search(text, max(0, m.start - 20), m.start) for m in ms))
    as_provinces = frozenset(name for name, ms in groups.items()
                             if all((after := _DIVISION_AFTER.match(text, m.end)) and _PROVINCE.search(after.group())
                                    for m in ms))
    as_towns = frozenset(name for name, ms in groups.items() if all(m.start in written_as_towns for m in ms))
    as_capitals = frozenset(name for name, ms in groups.items()
                            if all(_CAPITAL_BEFORE.search(text, max(0, m.start - 12), m.start) for m in ms))
    as_near = frozenset(name for name, ms in groups.items()
                        if all(_NEAR.search(text, max(0, m.start - 10), m.start) for m in ms))
    as_features = frozenset(name for name, ms in groups.items()
                            if all(_THE_BEFORE.search(text, max(0, m.start - 5), m.start)
                                   and _HEAD_ENDS.match(text, m.end)
                                   or _ISLAND_BEFORE.search(text, max(0, m.start - 20), m.start) for m in ms))
    return Context(choices, hints, speakers, neighbours(located), governments=governments, anchors=anchors,
                   divisions=as_divisions, worded=as_worded, near=as_near, provinces=as_provinces, towns=as_towns,
                   capitals=as_capitals,
                   features=as_features)


def _government_only(mentions: list[Mention], candidates: tuple[Candidate, ...], text: str) -> bool:
    """Whether a name is a national capital's and every mention of it stands for its government: never a
    dateline, never after a word of place ("Washington said", "accused Washington", not "in Washington")."""
    best = max(candidates, key=prior, default=None)
    if best is None or best.feature_code != "PPLC":
        return False
    return not any(m.source == "dateline" or _LOCATIVE.search(text, max(0, m.start - 30), m.start)
                   for m in mentions)
