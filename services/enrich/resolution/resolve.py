"""Resolution: each place name in an article to one gazetteer entry, ranked with the article's context."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from ..gazetteer.index import Candidate, Gazetteer
from ..gazetteer.names import key
from ..gazetteer.store import ABBREVIATION, ALTERNATE, DEMONYM, NAME
from ..recognition.common import NUMBERED_ROAD, STREET_NAME
from ..recognition.counties import county_written_out
from ..recognition.dateline import title_case
from ..recognition.mention import Mention
from ..recognition.relabel import NAME_PARTICLES
from ..recognition.words import GENERIC_WORDS
from .context import (
    FILED_MARGIN,
    FILED_WEIGHT,
    WORLD_CITY,
    Context,
    Qualifier,
    city_edge,
    countries_of,
    fits,
    inside,
    minor_place_edge,
    qualifiers,
    seed_context,
)
from .prior import prior

_COMPASS = re.compile(r"^(?:(?:North|South)(?:east|west)?|East|West|Central|Upper|Lower|Greater|"
                      r"Northern|Southern|Eastern|Western|Downtown|Metro|Coastal|Rural)[ -]", re.IGNORECASE)
_SAINT = re.compile(r"\b(?:st|saint|ste|sainte)\b\.?")
PASSES = 2  # context from the first choices, then once more from the revised ones
DATELINE_TOWN = 3.0  # "NEW YORK (AP)", "ZAPORIZHZHIA, Ukraine": the city, not the state or region of its name
# A town a hundredth the size of a world city of its name needs a local sign to be meant (see _overshadowed).
OVERSHADOWED_RATIO = 100
DATELINE_CITY = 100_000
DWARFED_RATIO = 50
ANOTHER_NAME_PENALTY = 1.0


@dataclass(frozen=True)
class Resolution:
    """The place one name in one article was taken to be (``candidate`` None when unknown)."""

    name: str
    candidate: Candidate | None
    confidence: float
    mentions: tuple[Mention, ...]


def _variants(text: str, compass: bool = True) -> list[str]:
    """The name as written, in title case if shouted, without a compass word ("Northeast Georgia"), and with an
    Irish county's abbreviation written out ("Co Donegal", "Co. Kerry": County Donegal)."""
    names = [text, title_case(text)] if text.isupper() and len(text) > 3 else [text]
    names += [county for n in names if (county := county_written_out(n)) is not None]
    names += [_LOWER_DIVISION.sub("", n) for n in names if _LOWER_DIVISION.search(n)]  # "Fujian province"
    return names + [_COMPASS.sub("", n) for n in names if compass and _COMPASS.match(n)]


_LOWER_DIVISION = re.compile(r" (?:province|state|region|district|prefecture|governorate|oblast)$")


def _leading_place(gazetteer: Gazetteer, text: str) -> tuple[Candidate, ...]:
    """The towns and divisions an unknown name opens with: "Henderson County Jail" is in Henderson County.

    These are guesses (see ``guessed``). A street is not in the town it is named after ("Dundas Street" in
    Toronto), nor is a name that goes on with a particle of another language in its first word's place ("Port
    aux Basques" is one name, not something in Port, a village in France)."""
    if STREET_NAME.fullmatch(text):
        return ()
    words = text.split()
    # a river or a lake runs through a town or a county named like it, never a whole state or country (the
    # Arkansas River is no point in Arkansas); an island group is a division named like it, never a town (the
    # Galápagos Islands are Galápagos province, the San Juan Islands no San Juan, Texas)
    water = words[-1].lower() in _WATER_WORDS
    islands = words[-1].lower() in ("island", "islands", "isles")
    # "the Kashmir valley", "the Bekaa valley": a landform written in lower case after a region's or a division's
    # name (its own or another spelling) lies in that region or division
    land = words[-1] in _LAND_WORDS
    for size in range(len(words) - 1, 0, -1):
        lead = " ".join(words[:size]).rstrip(".,'\u2019")
        if lead.lower() in GENERIC_WORDS or words[size] in NAME_PARTICLES:
            continue
        found = tuple(c for c in gazetteer.lookup(lead) if (
            c.kind == NAME and c.feature_class in ("A", "P") or land and c.feature_class in ("A", "L"))
                      and not (water and c.feature_code in ("PCLI", "ADM1"))
                      and not (islands and c.feature_class == "P"))
        if found:
            return found
    return ()


_WATER_WORDS = frozenset("river creek lake canal stream brook".split())
_LAND_WORDS = frozenset("valley region area coast basin delta plateau highlands hills plains".split())


def _saints(name: str) -> str:
    return _SAINT.sub("saint", key(name).replace("-", " "))


_QUALIFIED_NAME = re.compile(r" (?:am|an|im|in|on|upon|sur|(?:\())")


def _own_names(found: tuple[Candidate, ...], name: str) -> tuple[Candidate, ...]:
    """"St. Paul" is Saint Paul's own name, not an alternate: "St." and "Saint" are one word written twice. So is
    "New York" New York City's: a world city GeoNames names "<name> City" is written without the word."""
    city = key(name) + " city"
    countries = any((c.feature_code or "").startswith("PCL") for c in found)  # "Mexico" is the country
    found = found if countries else tuple(replace(c, kind=NAME) if c.kind == ALTERNATE and c.feature_class == "P"
                  and c.population >= WORLD_CITY and key(c.name) == city else c for c in found)
    # a town whose own name is the name with a qualifier after it ("Frankfurt am Main", "Frankfurt (Oder)") bears
    # the name as its own, before a town that only answers to it ("Frankfort", New York); so does a city a hundred
    # times bigger than any place whose own name it is: "Ghent" is the English name of Gent, not a village in New
    # York that GeoNames names so
    villages = [c.population for c in found if c.kind == NAME]
    found = tuple(replace(c, kind=NAME) if c.kind == ALTERNATE and c.feature_class == "P" and (
        _QUALIFIED_NAME.match(key(c.name), len(key(name))) and key(c.name).startswith(key(name))
        or c.population >= DATELINE_CITY and all(OVERSHADOWED_RATIO * v <= c.population for v in villages))
        else c for c in found)
    if not _SAINT.search(key(name)):
        return found
    spelt = _saints(name)
    return tuple(replace(c, kind=NAME) if c.kind == ALTERNATE and _saints(c.name) == spelt else c for c in found)


def _acronym(mention: Mention) -> bool:
    """A word of two or three capitals in running text (a dateline's capitals are its town's name): it names a
    country, a territory or a division ("UK", "NY"), never a town."""
    return mention.source != "dateline" and 2 <= len(mention.text) <= 3 and mention.text.isalpha() \
        and mention.text.isupper()


_SAINT_WRITTEN = re.compile(r"\b(?:St\.?|Saint)(?= )")


def _looked_up(gazetteer: Gazetteer, mention: Mention, compass: bool = True) -> tuple[Candidate, ...]:
    found: tuple[Candidate, ...] = ()
    for variant in _variants(mention.name, compass):
        found = found or _own_names(gazetteer.lookup(variant), variant)
    if _SAINT_WRITTEN.search(mention.name):
        # "St. Catherine" is Saint Catherine Parish too, which the index knows only as "Saint Catherine"
        seen = {c.id for c in found}
        for spelt in {_SAINT_WRITTEN.sub(word, mention.name) for word in ("Saint", "St.", "St")} - {mention.name}:
            found += tuple(c for c in _own_names(gazetteer.lookup(spelt), spelt) if c.id not in seen)
            seen |= {c.id for c in found}
    return tuple(c for c in found if c.lat is not None)


def guessed(gazetteer: Gazetteer, mention: Mention) -> bool:
    """Whether a mention's readings are only those of the place its name opens with ("Henderson County Jail"), or
    of the name without its compass word ("Northern Rivers", a region of New South Wales, is no Rivers State)."""
    return mention.name.lower() not in GENERIC_WORDS and not _looked_up(gazetteer, mention, compass=False)


def candidates_for(gazetteer: Gazetteer, mention: Mention) -> tuple[Candidate, ...]:
    """Places a mention may name (a demonym its country), trying the variants of its text in turn.

    A generic word alone ("the West", "Central") is no town or division of that name, whoever tagged it; a street
    is no town or locality named like it ("Church Street", a locality of London)."""
    if mention.name.lower() in GENERIC_WORDS or STREET_NAME.fullmatch(mention.name) \
            or NUMBERED_ROAD.fullmatch(mention.name):
        return ()
    found = _looked_up(gazetteer, mention) or tuple(
        c for c in _leading_place(gazetteer, mention.text) if c.lat is not None)
    if _acronym(mention):  # "EU", "UK", "AI" are not the towns Eu (France), Uk (Russia), Baxter ("AI")
        found = tuple(c for c in found if c.feature_class != "P")
    if not mention.text.endswith(".") and not mention.text.isupper():
        # A state's abbreviation is "La." (AP) or "LA" (postal): "La Niña" and "Pa" name no state.
        found = tuple(c for c in found if c.kind != ABBREVIATION)
    preferred = tuple(c for c in _wholes(found) if (c.kind == DEMONYM) == mention.demonym)
    return preferred or found


def _wholes(found: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """A disputed territory's own name means the whole territory, not a part of it that answers to the name as
    another name: "Kashmir" is the region India, Pakistan and China divide, not Jammu and Kashmir, the part India
    administers (claimed by Pakistan only). A part is a reading whose parties are some of the whole's."""
    wholes = [set(c.disputed) for c in found if c.kind == NAME and c.disputed]
    return tuple(c for c in found if c.kind == NAME or not any(set(c.disputed) < whole for whole in wholes))


def _overshadowed(candidate: Candidate, rivals: tuple[Candidate, ...]) -> bool:
    """Whether a town is a small namesake of a world city ("Toronto", Ohio, a village of 5,000, beside Toronto), or
    a town the world city's name is only another name of: that the story names other places of its country is no
    sign that it means the village."""
    return candidate.feature_class == "P" and any(
        r.feature_class == "P" and (
            r.population >= WORLD_CITY and r.population >= OVERSHADOWED_RATIO * max(candidate.population, 1)
            # "Milan" is another name of Syracuse, New York; "Frankfurt" of Frankfort, New York
            or r.population >= DATELINE_CITY and candidate.kind == ALTERNATE and r.kind == NAME)
        for r in rivals)


def _another_name_of_a_city(candidate: Candidate, rivals: tuple[Candidate, ...]) -> bool:
    """Whether a place answers to the name only as another name (of antiquity, of another language) while a city
    of DATELINE_CITY people bears it as its own: the name means that city unless the story says otherwise."""
    return candidate.kind == ALTERNATE and any(
        r.kind == NAME and r.feature_class == "P" and r.population >= DATELINE_CITY for r in rivals)


def _dwarfed(candidate: Candidate, rivals: tuple[Candidate, ...]) -> bool:
    """Whether a town has a namesake city fifty times its size: a dateline that names it alone, without its state
    or country ("ATLANTA (AP)"), names the city (AP writes "ATLANTA, Texas" for the town of 5,000)."""
    return any(r.feature_class == "P" and r.population >= DATELINE_CITY
               and r.population >= DWARFED_RATIO * max(candidate.population, 1) for r in rivals)


def score(candidate: Candidate, context: Context, name: str, rivals: tuple[Candidate, ...] = (),
          top_prior: float | None = None) -> float:
    """Prior plus the support the rest of the article gives this place.

    ``top_prior``, the best prior among ``rivals``, may be given by a caller that scores them all (it is
    the same for each)."""
    own = prior(candidate)
    overshadowed = _overshadowed(candidate, rivals)
    backing = context.support(candidate, name, overshadowed)
    total = own + backing
    total += minor_place_edge(candidate, rivals)  # "Manchester", "Hamilton": not the parish, the capital
    total += city_edge(candidate, rivals)  # "Moscow", "New York": news means the city, not the division around it
    if candidate.feature_code == "PPLC" and context.speaks(name):
        total += 2.0  # "Washington said": a capital speaking is its government
    if not backing and _another_name_of_a_city(candidate, rivals):
        total -= ANOTHER_NAME_PENALTY  # "Philadelphia" is the American city, not Amman's name of antiquity
    # A place the dateline's country claims or holds counts as in it ("Dakhla" in a story filed from Rabat); a
    # world city's village namesake needs more than its country ("BOSTON (AP) ... travel to Toronto").
    if overshadowed and not backing:
        return total
    if context.filed is not None and context.filed in countries_of(candidate) and name not in context.filed_names:
        best = max(map(prior, rivals), default=0.0) if top_prior is None else top_prior
        if own >= best - FILED_MARGIN:
            total += FILED_WEIGHT
    return total


def _confidence(scores: list[float], best: Candidate) -> float:
    top = max(scores)
    share = 1.0 / sum(math.exp(s - top) for s in scores)
    return round(share * (0.95 if best.kind in (NAME, DEMONYM) else 0.8), 3)


def _as_divisions(candidates: tuple[Candidate, ...], provinces: bool = False) -> tuple[Candidate, ...]:
    """The readings of a name written as a division: a country, or a first-level division in a country where a town
    so named is too ("the Zinder region" is Niger's, named after its capital), or any where no town is so named;
    "the Charlotte region" is no parish of Saint Vincent. Written before "province", a second-level division counts
    too: some countries' provinces are ("Cagayan and Isabela provinces" in a Philippine story)."""
    towns = {c.country_code for c in candidates if c.feature_class == "P"}
    levels = ("ADM1", "ADM2") if provinces else ("ADM1",)
    return tuple(c for c in candidates if c.feature_code == "PCLI" or c.feature_code in levels and (
        not towns or c.country_code in towns)) or candidates


def _as_features(candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """The readings of a name written after "the": a physical feature (river, lake, region) unless a country is so
    named ("the Gambia", "the Congo"), then anything but a town."""
    if not any((c.feature_code or "").startswith("PCL") for c in candidates):
        physical = tuple(c for c in candidates if c.feature_class in ("H", "T", "L"))
        if physical:
            return physical
    return tuple(c for c in candidates if c.feature_class != "P") or candidates


def _qualified(candidates: tuple[Candidate, ...], hints: set[Qualifier]) -> tuple[Candidate, ...]:
    """The readings an explicit qualifier allows ("Perth, Australia" is no Perth in Scotland, however many Scottish
    towns the story names), or all of them when none fits."""
    fitting = tuple(c for c in candidates if any(fits(c, hint) for hint in hints))
    return fitting or candidates


_ENDS_IN_WATER = re.compile(r" (?:sea|ocean|gulf|bay|river|lake|strait|channel|canal|lagoon)$", re.IGNORECASE)


def _choose(found: dict[str, tuple[Candidate, ...]], context: Context) -> dict[str, tuple[Candidate, float]]:
    chosen = {}
    for name, candidates in found.items():
        candidates = _qualified(candidates, context.hints.get(name, set()))
        if name in context.divisions:  # "Albany, New York": the state, not the city named like it
            candidates = _as_divisions(candidates, name in context.provinces)
        if name in context.worded and any(c.feature_code == "ADM1" for c in candidates):
            # "Niger state" is Nigeria's: a country is not called a state or a province
            candidates = tuple(c for c in candidates if c.feature_code != "PCLI")
        if name in context.near:  # "centred near Sagaing", "camps near Tindouf": the town, not its province
            candidates = tuple(c for c in candidates if not (c.feature_code in ("ADM1", "ADM2") and any(
                t.feature_class == "P" and t.country_code == c.country_code for t in candidates))) or candidates
        if _ENDS_IN_WATER.search(name) and name not in context.worded:
            # "the Red Sea coast" is the sea's, not Sudan's or Egypt's Red Sea state: a name that ends in a word of
            # water is the water where the gazetteer has it
            candidates = tuple(c for c in candidates if c.feature_class == "H") or candidates
        if name in context.capitals:  # "the capital Victoria": the Seychelles', not Hong Kong's other name
            seats = tuple(c for c in candidates if (c.feature_code or "").startswith(("PPLC", "PPLA")))
            candidates = tuple(c for c in seats if c.kind == NAME) or seats or candidates
        if name in context.towns:  # "the city of Liberia": the town in Costa Rica, not the country
            candidates = tuple(c for c in candidates if c.feature_class == "P") or candidates
        elif name in context.features:  # "across the Zambezi": the river, not the town or region named after it
            candidates = _as_features(candidates)
        if candidates:
            top = max(map(prior, candidates))
            scores = [score(c, context, name, candidates, top) for c in candidates]
            if name in context.filed_names:  # a dateline names the town the story was filed from
                alone = not context.hints.get(name)
                scores = [s + DATELINE_TOWN if c.feature_class == "P" and not (alone and _dwarfed(c, candidates))
                          else s for s, c in zip(scores, candidates, strict=True)]
            best = candidates[scores.index(max(scores))]
            chosen[name] = (best, _confidence(scores, best))
    return chosen


def _grouped(places: list[Mention], found: dict[str, tuple[Candidate, ...]], text: str,
             ) -> tuple[dict[str, list[Mention]], dict[int, Qualifier]]:
    """Mentions grouped by name (one sense per name), except where qualifiers tell namesakes apart.

    "Springfield, Illinois" and later "Springfield, Massachusetts" are two places; an unqualified
    "Springfield" belongs with the dateline's, when the dateline names it qualified, else with the qualified
    one written last before it (the first one, before any).
    """
    by_name: dict[str, list[Mention]] = {}
    for mention in places:
        by_name.setdefault(key(mention.name), []).append(mention)
    qualified = qualifiers(places, found, text)
    groups: dict[str, list[Mention]] = {}
    for name, mentions in by_name.items():
        senses = list(dict.fromkeys(qualified[m.start] for m in mentions if m.start in qualified))
        if len(senses) < 2:
            groups[name] = mentions
            continue
        # the story's own town wins an unqualified repeat: "SPRINGFIELD, Ill. ... Springfield, Mo. ... the
        # governor visited Springfield" is the dateline's Springfield
        filed = next((qualified[m.start] for m in mentions if m.source == "dateline" and m.start in qualified), None)
        current = senses[0]
        for mention in sorted(mentions, key=lambda m: m.start):
            current = qualified.get(mention.start, current)
            sense = qualified.get(mention.start, filed or current)
            groups.setdefault(f"{name}@{sense[0]}.{sense[1]}", []).append(mention)
    return groups, qualified


def resolve(text: str, places: list[Mention], gazetteer: Gazetteer) -> list[Resolution]:
    """One resolution per distinct place name in the article (one sense per name, qualifiers apart)."""
    first: dict[str, Mention] = {}
    for mention in places:
        first.setdefault(key(mention.name), mention)
    names = {name: candidates_for(gazetteer, mention) for name, mention in first.items()}
    groups, qualified = _grouped(places, names, text)
    found = {group: names[key(ms[0].name)] for group, ms in groups.items()}
    seed = seed_context(groups, found, text, qualified)
    # A guess from the name's first words must lie where a qualifier puts the place: "Avery Island, Louisiana"
    # is no Avery in California, and unknown is better than somewhere else. A feature of no one country may
    # ("Indonesia's West Timor" is on Timor).
    guessing = {group for group, ms in groups.items() if guessed(gazetteer, ms[0])}
    found = {group: tuple(c for c in candidates
                          if c.country_code is None or any(fits(c, hint) for hint in seed.hints[group]))
             if group in seed.hints and group in guessing else candidates
             for group, candidates in found.items()}
    filed = frozenset(n for n, ms in groups.items() if any(m.source == "dateline" for m in ms))
    seed = replace(seed, filed_names=filed)
    chosen = _choose(found, seed)
    seed = seed.filed_in(_filed_country(groups, chosen))
    for _ in range(PASSES):
        chosen = _choose(found, seed.with_choices({n: c for n, (c, _) in chosen.items()}))
    # a town found inside an organisation's name is a guess too ("the Pasteur Institute" in a Cambodian story)
    # so is a name the gazetteer knows only as another spelling of a place of no known size ("Tawila" in Darfur
    # is no Aţ Ţawīlah, Yemen): both stand only where the story's sure places lie in the same country
    guessing |= {n for n, candidates in found.items()
                 if candidates and all(c.kind == ALTERNATE and c.population == 0 for c in candidates)}
    guesses = guessing | {n for n, ms in groups.items() if all(m.source == "embedded" for m in ms)
                          and (best := chosen.get(n, (None, 0.0))[0]) is not None
                          and (best.feature_class == "P" or best.feature_code == "ADM2")}
    stray = _stray_guesses(chosen, guesses, {n for n, ms in groups.items() if all(m.demonym for m in ms)})
    # a stray guess leaves a name spaCy called a place unknown ("Sand Creek Township"), and drops any other
    # ("the Institut Pasteur", a facility; "Banana Republic", a shop)
    return _one_per_place([_resolution(mentions, *(chosen.get(name, (None, 0.0)) if name not in stray else (None, 0.0)))
                           for name, mentions in groups.items()
                           if name not in stray or any(m.label in ("GPE", "LOC") for m in mentions)])


def _stray_guesses(chosen: dict[str, tuple[Candidate, float]], guesses: set[str], peoples: set[str]) -> set[str]:
    """The names whose guess from their first words ("Henderson County Jail" is in Henderson County) lies in no
    country the article's known places are in: "the Institut Pasteur in Paris" is in no village called Institut
    in Azerbaijan, and such a name is no place at all. With no known place to compare, a guess stands; a people's
    adjective (``peoples``: "Greek food at the Walker County fair") says nothing of where the story is."""
    countries = {c.country_code for n, (c, _) in chosen.items()
                 if c is not None and n not in guesses and n not in peoples}
    return {n for n, (c, _) in chosen.items()
            if countries and n in guesses and c is not None and c.country_code is not None
            and c.country_code not in countries}  # an ocean or a continent lies in no country


def _filed_country(groups: dict[str, list[Mention]], chosen: dict[str, tuple[Candidate, float]]) -> str | None:
    """The country of the dateline's place, as first resolved."""
    filed = [(min(m.start for m in ms if m.source == "dateline"), name) for name, ms in groups.items()
             if any(m.source == "dateline" for m in ms) and name in chosen]
    return chosen[min(filed)[1]][0].country_code if filed else None


def _resolution(mentions: list[Mention], best: Candidate | None, confidence: float) -> Resolution:
    return Resolution(best.name if best else mentions[0].text, best, confidence, tuple(mentions))


def _one_per_place(resolutions: list[Resolution]) -> list[Resolution]:
    """Names taken for the same place ("Russia", "Russian") become one resolution with all their mentions."""
    merged: dict[object, Resolution] = {}
    for r in resolutions:
        place = r.candidate.id if r.candidate else ("unknown", r.name)
        if place in merged:
            first = merged[place]
            mentions = tuple(sorted(first.mentions + r.mentions, key=lambda m: m.start))
            r = Resolution(first.name, first.candidate, max(first.confidence, r.confidence), mentions)
        merged[place] = r
    return list(merged.values())


def reportable(resolution: Resolution) -> bool:
    """Whether to report a name as a place: the gazetteer knows it, or it is more than one word and no numbered
    road (a street is reported, as the annotated corpora count streets)."""
    return resolution.candidate is not None or any(
        len(m.text.split()) > 1 and not NUMBERED_ROAD.fullmatch(m.text) for m in resolution.mentions)


def locate(place: str, resolutions: list[Resolution], gazetteer: Gazetteer) -> Candidate | None:
    """The place a sender gave beside the text ("Manila", "Vienna, Virginia"), read with the article's places."""
    name, _, qualifier = (part.strip() for part in place.partition(","))
    if not name:
        return None
    named = [r.candidate for r in resolutions if r.candidate and key(r.name) == key(name)]
    if named:
        return named[0]
    found = candidates_for(gazetteer, Mention(0, len(name), name, "GPE", "located"))
    if qualifier:
        areas = [c for c in gazetteer.lookup(qualifier) if c.feature_code in ("PCLI", "ADM1")]
        found = tuple(c for c in found if any(inside(c, a) for a in areas)) or found
    countries = {r.candidate.country_code for r in resolutions if r.candidate}
    return max(found, key=lambda c: prior(c) + (2.0 if c.country_code in countries else 0.0), default=None)

