"""Names after "in", "at", "near" (and "of" after an age or "city"): a known place name there is the place,
whatever spaCy said."""

from __future__ import annotations

import re
from dataclasses import replace

from ..gazetteer.index import Gazetteer
from ..gazetteer.store import ABBREVIATION, ALTERNATE, NAME
from .common import NOT_HEADS
from .counties import county_written_out
from .mention import Mention, overlaps
from .words import CALENDAR_WORDS, CAPITAL, FUNCTION_WORDS, GENERIC_WORDS

# "of" only where it says where: "Jo Bell, 41, of Alton", "the city of Alton", "a native of Alton".
# Up to three capitalised words; a sentence's full stop ends the name ("near Yevpatoria. Residents of Kerch"), an
# abbreviation's does not ("St. Louis", "Ft. Worth").
_NAME = CAPITAL + r"[\w'\u2019.-]*(?:(?<![a-z]{4}\.)\s+(?:(?:del|de|la|da|do|dos|das|di|du|des)\s+)?" + CAPITAL \
    + r"[\w'\u2019.-]*){0,2}"  # "in Lanao del Sur", "to Rio de Janeiro"
_AFTER_PREPOSITION = re.compile(
    r"(?:\b(?:in|at|near|from|outside|across|around|into|through|throughout|to|toward|towards|reached|off|"
    r"bound for|headed for|heading for)|\d, of|"  # "a ship off Hodeidah", "bound for Sherbrooke"
    r"\b(?:[Cc]ity|[Tt]own|[Vv]illage|[Tt]ownship|[Bb]orough|[Pp]ort|[Rr]esidents?|[Nn]atives?|[Ss]uburbs?|"
    r"[Nn]eighbou?rhoods?|outskirts) of|"  # "the Perth Hills suburb of Kalamunda", "neighbourhoods of Derna"
    r"\b(?:[Nn]eighbou?ring|[Nn]earby)|"  # "Neighbouring Dieppe and Riverview were spared"
    # "farm towns such as Isleton", "in places like Tenby and Llandudno"
    r"\b(?:towns?|cities|villages|places|communities|suburbs|districts|provinces|states|countries)\s+"
    r"(?:such as|like|including)|"
    r"\bcapital,?)\s+"  # "the port city of Hai Phong", "the region's capital, Sukhumi", "Ladakh's capital Leh"
    r"(?:(?:suburban|nearby|neighbou?ring|rural|remote|coastal|downtown|central|(?:north|south)(?:east|west)?ern|"
    r"eastern|western|rebel-held|mountainous|occupied|besieged)\s+)?"  # "in suburban Evanston", "to rebel-held Idlib"
    r"(?P<name>" + _NAME + ")")
MIN_TOWN = 1_000
# A city's other spelling ("Misrata" for Misratah, "Khan Younis" for Khān Yūnis) is the city after "in" or "to"
# once the city is this big and spaCy saw a name there; smaller places' other names, and an organisation's
# ("to Hamas"), are too often other things.
MIN_CITY_SPELLING = 100_000


_NAMED_A_TOWN = re.compile(r"^(?:[Cc]ity|[Tt]own|[Vv]illage|[Pp]ort|capital)\b")


def _known_place(gazetteer: Gazetteer, name: str, spellings: bool = False,
                 smallest: int = MIN_CITY_SPELLING) -> bool:
    if name.lower() in GENERIC_WORDS or name.lower() in CALENDAR_WORDS:
        return False
    county = county_written_out(name)
    if county is not None:  # "in Co Donegal": County Donegal, the county's other name
        return any(c.feature_class == "A" and c.kind in (NAME, ALTERNATE) for c in gazetteer.lookup(county))
    # a town of a thousand people, or a town of unknown size named in more than one word ("Sefwi Wiawso": GeoNames
    # gives many towns no population, and a name of two words is seldom anything else)
    return any(c.kind in (NAME, ABBREVIATION) and (c.feature_class in ("A", "H", "T", "L") or (
        c.feature_class == "P" and (c.population >= MIN_TOWN or c.population == 0 and " " in name)))
        or spellings and c.kind == ALTERNATE and c.feature_class == "P" and c.population >= smallest
        for c in gazetteer.lookup(name))


def _longest_place(gazetteer: Gazetteer, name: str, spellings: bool = False,
                   smallest: int = MIN_CITY_SPELLING) -> str | None:
    words = name.rstrip(".'\u2019").split()
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[:size]).rstrip(".,'\u2019")
        if _known_place(gazetteer, candidate, spellings, smallest):
            return candidate
    return None


def _a_name_to_spacy(mentions: list[Mention], start: int) -> bool:
    """Whether spaCy saw a person's or a place's name starting here (not an organisation's: "to Hamas")."""
    return any(m.start == start and m.label in ("PERSON", "GPE", "LOC") for m in mentions)


# "Yellowknife, the capital of the Northwest Territories": a name its apposition calls a capital or a town.
_BEFORE_APPOSITION = re.compile(
    r"(?<![\w'\u2019.-])(?P<name>" + _NAME + r"),\s+(?:the|a|its)\s+"
    r"(?:(?:regional|provincial|state|national|former|de facto|largest|second-largest|third-largest)\s+)?"
    r"(?:capital|city|town|port city|port|village)(?:\s+(?:of|in)\b|,)")  # "Mekelle, the regional capital, and"


# A country's possessive before a place of it: "Portugal's Algarve", "the Dominican Republic's Punta Cana".
_OWNED = re.compile(r"(?P<owner>" + _NAME + r")['\u2019]s\s+(?P<name>" + _NAME + ")")


def _owned_by_its_country(gazetteer: Gazetteer, match: re.Match[str]) -> bool:
    countries = {c.country_code for c in gazetteer.lookup(match.group("owner"))
                 if c.kind in (NAME, ALTERNATE) and c.feature_code == "PCLI"}
    place = _longest_place(gazetteer, match.group("name")) if countries else None
    return place is not None and any(c.country_code in countries for c in gazetteer.lookup(place))


# the names listed after the first: "shelled positions near Mahbes and Smara", "in Kassala, Gedaref and Sennar"
# (a compass word may come before a name: "in Bohol and southern Leyte")
_NEXT_IN_LIST = re.compile(r"(?:,\s+|,?\s+and\s+|,?\s+or\s+)"
                           r"(?:(?:(?:north|south)(?:east|west)?ern|eastern|western|central)\s+)?"
                           r"(?P<name>" + _NAME + ")")


def _listed_after_a_preposition(text: str, mentions: list[Mention]) -> list[re.Match[str]]:
    """The names listed after a place spaCy saw after a preposition, each one spaCy saw too and not the modifier
    of a noun ("at Glacier Ridge, Deer Run and Thomas elementary schools" lists schools)."""
    seen = {m.start: m for m in mentions}
    found = []
    for match in _AFTER_PREPOSITION.finditer(text):
        first = seen.get(match.start("name"))
        if first is None or first.label not in ("GPE", "LOC"):
            continue
        end, listed = first.end, []
        while (following := _NEXT_IN_LIST.match(text, end)) is not None and following.start("name") in seen:
            end = seen[following.start("name")].end
            listed.append(following)
        if not _NOUN_AFTER.match(text, end):  # the list's last name decides: "... and Thomas elementary schools"
            found += listed
    return found


# a lower-case word that may be the noun the names modify ("elementary schools"), not a verb or a function word
_NOUN_AFTER = re.compile(r"\s+(?!(?:" + "|".join(sorted(NOT_HEADS | FUNCTION_WORDS | {"remain", "remained", "both"}))
                         + r")\b)[a-z]")


def located_names(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> tuple[set[str], list[Mention]]:
    """Place names the text puts after a preposition of place, or before an apposition that calls it a town or a
    capital, and new mentions for those nobody found."""
    names: set[str] = set()
    found: list[Mention] = []
    for match in [*_AFTER_PREPOSITION.finditer(text), *_BEFORE_APPOSITION.finditer(text),
                  *(m for m in _OWNED.finditer(text) if _owned_by_its_country(gazetteer, m))]:
        _add(text, match, mentions, gazetteer, names, found)
    # the list goes on after a place found here too ("Residents of Katoomba and Blackheath", Katoomba untagged)
    for match in _listed_after_a_preposition(text, mentions + found):
        _add(text, match, mentions, gazetteer, names, found)
    return names, found


def _add(text: str, match: re.Match[str], mentions: list[Mention], gazetteer: Gazetteer, names: set[str],
         found: list[Mention]) -> None:
    """The known place a match names, into ``names``, and a new mention where nobody found one."""
    place = _longest_place(gazetteer, match.group("name"))
    if _a_name_to_spacy(mentions, match.start("name")):
        # a longer name by another spelling wins: "Hai Phong" is Haiphong, not the town of Hai; after a word
        # that makes it a town ("the capital, Sukhumi", "the port of Limón") a town of any size
        town = _NAMED_A_TOWN.search(match.group()) or match.re is _BEFORE_APPOSITION
        spelt = _longest_place(gazetteer, match.group("name"), spellings=True,
                               smallest=MIN_TOWN if town else MIN_CITY_SPELLING)
        place = spelt if spelt is not None and len(spelt) > len(place or "") else place
    if place is None:
        return
    names.add(place)
    start, end = match.start("name"), match.start("name") + len(place)
    if not any(m.start < end and start < m.end for m in mentions + found):
        found.append(Mention(start, end, place, "GPE", "preposition"))


def places_by_preposition(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Mentions with every name seen after "in"/"at"/... labelled a place, plus ones spaCy missed."""
    mentions = _between(text, mentions, gazetteer)
    names, found = located_names(text, mentions, gazetteer)
    relabelled = [replace(m, label="GPE") if m.text in names and m.label in ("ORG", "PERSON")
                  and m.source == "ner" else m for m in mentions]
    return relabelled + found


_BETWEEN = re.compile(r"\bbetween\s+(?P<one>" + _NAME.replace("{0,2}", "{0,1}") + r")\s+and\s+(?P<two>"
                      + _NAME.replace("{0,2}", "{0,1}") + ")")


def _between(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """"between Ingham and Bowen": the known places of the pair, whatever spaCy made of it (one organisation)."""
    out = list(mentions)
    for match in _BETWEEN.finditer(text):
        ends = [(match.start(g), match.start(g) + len(place)) for g in ("one", "two")
                if (place := _longest_place(gazetteer, match.group(g))) is not None]
        named = {word for m in out if m.label == "PERSON" for word in m.text.split()}
        people = any(m.label == "PERSON" and match.start() < m.end and m.start < match.end() for m in out) \
            or any(word in named for g in ("one", "two") for word in match.group(g).split())
        if not ends or len(ends) < 2 and people:  # one known place is enough for it ("between Abercynon and
            continue  # Nantgarw", a village unknown), but not beside a person ("between Bell and Eggers", Dan Eggers)
        pair = [Mention(a, b, text[a:b], "GPE", "preposition") for a, b in ends]
        if any(m.is_place for m in out if any(overlaps(m, p) for p in pair)):
            continue  # spaCy saw a place there already: its reading stands
        out = [m for m in out if not any(overlaps(m, p) for p in pair)] + pair
    return out
