"""County lists: "Jackson, Hall and Banks counties" names three counties, each by the short form of its name (so do
"the Kharkiv and Odesa regions", "Hebei and Shanxi provinces" and "the Mississippi and Ohio rivers"); and
a division named with its word ("Wayne County", "County Kerry") is no person, whatever spaCy said."""

from __future__ import annotations

import re
from dataclasses import replace

from ..gazetteer.index import Gazetteer
from ..gazetteer.store import ALTERNATE, NAME
from .mention import Mention

# Irish copy writes "Co Donegal" or "Co. Kerry" for County Donegal, County Kerry.
_IRISH_COUNTY = re.compile(r"^Co\.? (?=[A-Z])")


def county_written_out(name: str) -> str | None:
    """"County Donegal" for "Co Donegal" (and "Co. Donegal"); None for a name not so abbreviated."""
    return _IRISH_COUNTY.sub("County ", name) if _IRISH_COUNTY.match(name) else None


_ITEM = r"[A-Z][\w'.-]{0,39}(?: [A-Z][\w'.-]{0,39})?"
_LIST = re.compile(rf"(?P<list>(?:{_ITEM}(?:,? and |,? or |, )){{1,40}}{_ITEM}) "
                   r"(?P<kind>counties|parishes|Counties|Parishes|regions|provinces|oblasts|states|governorates|"
                   r"districts|rivers)\b")
# "the Kharkiv and Odesa regions", "Hebei and Shanxi provinces": each name is a first-level division, found by its
# own name (the story's other places choose among namesakes: "the North West and Limpopo provinces" are South
# African). "Hoima and Kikuube districts", "Dhemaji and Lakhimpur districts": second-level divisions by their own
# names; not a list with a county in it ("Christian and Webster County districts" are school districts).
_DIVISION_WORDS = frozenset({"regions", "provinces", "oblasts", "states", "governorates"})
_SEPARATOR = re.compile(r",? and |,? or |, ")


def _county(gazetteer: Gazetteer, name: str, kind: str) -> str | None:
    if kind == "rivers":  # "the Mississippi and Ohio rivers" are no states
        full = f"{name} River"
        return full if any(c.feature_class == "H" for c in gazetteer.lookup(full)) else None
    if kind == "districts":
        return name if any(c.feature_code == "ADM2" and c.kind in (NAME, ALTERNATE)
                           for c in gazetteer.lookup(name)) else None
    if kind in _DIVISION_WORDS:
        return name if any(c.feature_code == "ADM1" for c in gazetteer.lookup(name)) else None
    full = f"{name} {'Parish' if kind.lower() == 'parishes' else 'County'}"
    return full if any(c.feature_code == "ADM2" for c in gazetteer.lookup(full)) else None


def county_lists(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """The mentions with each name in a list of counties taken for its county, added where nobody found it."""
    result = list(mentions)
    for match in _LIST.finditer(text):
        offset = match.start("list")
        items = _SEPARATOR.split(match.group("list"))
        if len(items) < 2 or match.group("kind") == "districts" and any(
                word in ("County", "School", "City") for item in items for word in item.split()):
            continue
        for item in items:
            start = text.index(item, offset)
            end = offset = start + len(item)
            if item.startswith("The "):  # "The Mississippi and Ohio rivers" opening a sentence
                item, start = item[4:], start + 4
            full = _county(gazetteer, item, match.group("kind"))
            if full is None and " " in item:  # "In Barrow, Jackson and Hall counties"
                item = item.split(" ", 1)[1]
                start = end - len(item)
                full = _county(gazetteer, item, match.group("kind"))
            if full is None:
                continue
            clashes = [m for m in result if m.start < end and start < m.end]
            label = "LOC" if match.group("kind") == "rivers" else "GPE"
            if not clashes:
                result.append(Mention(start, end, item, label, "county", refers_to=full))
            elif len(clashes) == 1 and (clashes[0].start, clashes[0].end) == (start, end):
                result[result.index(clashes[0])] = replace(clashes[0], label=label, source="county",
                                                           demonym=False, refers_to=full)
    return result


_DIVISION = re.compile(r"(?:County|Co\.) [A-Z][\w'-]+|[A-Z][\w'.-]+(?: [A-Z][\w'.-]+)? (?:County|Parish|Province|"
                       r"Governorate|Oblast|Prefecture)")


def named_divisions(mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """A "person" whose whole name is a division the gazetteer knows, named with its word ("Wayne County",
    "County Kerry"), is that division."""
    def division(m: Mention) -> bool:
        return m.label == "PERSON" and m.source == "ner" and _DIVISION.fullmatch(m.text) is not None and any(
            c.feature_code in ("ADM1", "ADM2") for c in gazetteer.lookup(m.text))

    return [replace(m, label="GPE") if division(m) else m for m in mentions]
