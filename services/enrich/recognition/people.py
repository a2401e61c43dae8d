"""Cues that a name is a person's: a known first name or an initial before a capitalised surname."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..gazetteer.index import Gazetteer
from ..gazetteer.store import ALTERNATE, DEMONYM, NAME
from .mention import Mention, overlaps
from .words import CALENDAR_WORDS, GENERIC_WORDS

MIN_NAME = 3  # "Al", "Jo": too often words or prefixes
# "Alex Corretja", "Natalya Golodnova", "C. Tolley": a given name or an initial, then one to three surnames.
_FULL_NAME = re.compile(r"(?<![\w.'-])(?:[A-Z][a-z]+|[A-Z]\.)(?: (?:(?:van|von|de|der|da|di|le|la|bin|al)-? ?)?"
                        r"[A-Z][a-z'][\w'-]*){1,2}(?![\w-])")
_INITIAL = re.compile(r"^[A-Z]\.$")
_PLACE_CODES = frozenset({"PCLI", "ADM1", "CONT"})
_RELABEL = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP"})
# Words after a given name that make a place's or an institution's name, not a surname ("Jordan River",
# "Victoria Falls", "Manchester Memorial High School", "the Cleveland Republican").
_PLACE_WORDS = frozenset("""
river lake bay island islands isle mountain mountains mount hills hill valley coast harbour harbor beach falls
springs heights square garden gardens bridge tower stadium arena airport station aquarium zoo strait sea gulf
peninsula desert canyon creek plains basin delta province region memorial elementary middle juniors seniors
republican republicans democrat democrats freedom national
""".split())


def _name_file() -> Path | None:
    """The first-name list gender-guesser ships (about 40,000 given names from many countries)."""
    try:
        import gender_guesser
    except ImportError:
        return None
    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    return path if path.exists() else None


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Known given names, capitalised as written ("Natalya"); empty when the list is not installed."""
    path = _name_file()
    if path is None:
        return frozenset()
    names = set()
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if line[:1] in "#=" or len(line) < 30:
                continue
            name = line[3:29].strip().replace("+", "-")
            if len(name) >= MIN_NAME and name.isalpha() and name[0].isupper():
                names.add(name)
    return frozenset(n for n in names if n.lower() not in GENERIC_WORDS and n.lower() not in CALENDAR_WORDS)


def looks_like_person(gazetteer: Gazetteer, name: str) -> bool:
    """Whether ``name`` reads as given name (or initial) and surname, and is not itself a known place."""
    words = name.split()
    if len(words) < 2 or len(words) > 4:
        return False
    if not (words[0] in first_names() or _INITIAL.match(words[0])):
        return False
    if any(w.lower() in GENERIC_WORDS for w in words[1:]):
        return False  # "Victoria Park", "Georgia State"
    if any(c.kind == DEMONYM for c in gazetteer.lookup(name)):
        return False  # "Sri Lankan": a people, though "Sri" is a given name
    return not _is_area(gazetteer, name) and not _is_area(gazetteer, words[-1])


def _is_area(gazetteer: Gazetteer, name: str) -> bool:
    return any(c.kind in (NAME, ALTERNATE) and c.feature_code in _PLACE_CODES for c in gazetteer.lookup(name))


def _is_place(gazetteer: Gazetteer, name: str) -> bool:
    return any(c.kind == NAME for c in gazetteer.lookup(name))


SPELT_CITY = 100_000


def _is_city_spelt_so(gazetteer: Gazetteer, name: str) -> bool:
    """A big city's other spelling ("Hai Phong" for Haiphong): no given name and surname, though "Hai" is a name."""
    return any(c.kind == ALTERNATE and c.feature_class == "P" and c.population >= SPELT_CITY
               for c in gazetteer.lookup(name))


def with_people(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Names that read as people labelled so, and such names nobody recognised added."""
    found = [replace(m, label="PERSON") if m.source == "ner" and m.label in _RELABEL and not m.demonym
             and looks_like_person(gazetteer, m.text) and not _is_place(gazetteer, m.text)
             and not (m.is_place and _is_city_spelt_so(gazetteer, m.text)) else m
             for m in mentions]
    for start, end in person_spans(gazetteer, text):
        # Only where nobody found anything: replacing spaCy's part-names ("Petrova" of "Natalya Petrova") cost
        # more true places than it gained people (GeoWebNews place F1 -.015); tables.py handles result lines.
        if not any(m.start < end and start < m.end for m in found) and not _is_place(gazetteer, text[start:end]):
            found.append(Mention(start, end, text[start:end], "PERSON", "cue"))
    return found


def person_spans(gazetteer: Gazetteer, text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that read as full personal names."""
    return [m.span() for m in _FULL_NAME.finditer(text) if looks_like_person(gazetteer, m.group())]


def given_names(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """A place word that is a given name directly followed by a surname is a person ("Georgia May Jagger",
    "Chad Johnson", "Paris Hilton"), whatever spaCy or the gazetteer made of its pieces."""
    found = list(mentions)
    for mention in mentions:
        if not (mention.is_place and not mention.demonym and mention.source != "dateline"
                and mention.text in first_names()):
            continue
        full = _FULL_NAME.match(text, mention.start)
        if full is None or full.end() <= mention.end:
            continue
        name = full.group()
        words = name.split()
        # "in Paris Tuesday", "Georgia May 5": a date, not a surname; "Georgia May Jagger" is a name
        if words[-1].lower() in CALENDAR_WORDS or any(w.lower() in _PLACE_WORDS for w in words[1:]) \
                or not looks_like_person(gazetteer, name) or _is_place(gazetteer, name):
            continue
        person = Mention(full.start(), full.end(), name, "PERSON", "cue")
        inside = [m for m in found if overlaps(m, person)]
        if all(person.start <= m.start and m.end <= person.end for m in inside):
            found = [m for m in found if m not in inside] + [person]
    return found
