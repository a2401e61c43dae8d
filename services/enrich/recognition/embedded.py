"""Places named inside organisations' names ("Ohio" in "Ohio Supreme Court", "Dublin" in "Dublin City Council")."""

from __future__ import annotations

import re
from dataclasses import replace

from ..gazetteer.index import Gazetteer
from ..gazetteer.store import ABBREVIATION, DEMONYM, NAME
from .mention import Mention
from .untagged import TOWN_WORDS
from .words import GENERIC_WORDS

MIN_TOWN = 10_000  # smaller towns named inside an organisation are more often surnames or words
_WORD = re.compile(r"[^\s,;:()/]+")
_POSSESSIVE = re.compile(r"(?:['\u2019]s?|[.,])$")
_AREAS = frozenset({"PCLI", "ADM1", "ADM2", "CONT"})
_LEAD_INS = frozenset({"of", "in", "at", "for", "de", "du", "do"})
# The words that make a name a public body's, which serves the place it opens with ("Mobile County Commission",
# "Oxford Crown Court", "Limerick Maternity Hospital"). A place's name that English also uses (TOWN_WORDS) opens
# any other name as a word, not as the place: "Delta Air Lines", "Anthem Blue Cross", "Eagle Scout".
_CIVIC = frozenset("""
city county borough council township parish state district court courts crown police sheriff fire department
school schools university college hospital board commission assembly government municipal metropolitan regional
public port harbor harbour airport transit mosque church cathedral synagogue temple mp mps mpp mla msp mep
""".split())
# Words that open a longer name ("San Lazaro Hospital", "Fort Worth"): a town so called is not named there.
_OPENERS = frozenset("san santa santo sao são st st. saint sainte el la le los las les al fort port mount lake cape"
                     .split())
# The words a company's name takes (a closed class of legal forms and trades): "Zurich Insurance Group", "Boston
# Scientific", "Columbia Sportswear" are firms, not their towns.
_FIRMS = frozenset("""
inc incorporated corp corporation co ltd llc plc group holdings instruments scientific sportswear insurance
airlines airways motors pharmaceuticals pharma technologies systems software brewing brewery foods industries
enterprises partners ventures apparel outfitters
""".split())

# A house of business or entertainment named after a place is not in it ("the Jamaica Inn" is in Cornwall).
_VENUES = frozenset("inn hotel hall tavern arms pub bar cafe café restaurant lodge motel cinema theatre theater casino"
                    .split())


def _words(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _WORD.finditer(text):
        word = match.group()
        # "Georgia's" loses its possessive; "U.S." keeps its points
        bare = word if word.endswith(".") and len(word) <= 5 else _POSSESSIVE.sub("", word)
        end = match.start() + len(bare)
        if end > match.start():
            spans.append((match.start(), end))
    return spans


def is_named_place(gazetteer: Gazetteer, name: str) -> bool:
    """Whether ``name`` is the own name of a country, division, feature or sizeable town, not an org word."""
    if name.lower() in GENERIC_WORDS:
        return False
    # an abbreviation only as abbreviations are written ("UK", "Calif."): "Pan" of "Pan American" is no Panama
    if name.isupper() and len(name) <= 3:  # "IG Metall" is no Ig, Slovenia; "US", "UK", "NY" are abbreviations
        return any(c.kind == ABBREVIATION or (c.feature_code or "").startswith("PCL") for c in gazetteer.lookup(name))
    kinds = (NAME, ABBREVIATION) if name.isupper() or name.endswith(".") else (NAME,)
    return any(c.kind in kinds and (
        c.feature_code in _AREAS or c.feature_class in ("H", "T", "L")
        or (c.feature_class == "P" and c.population >= MIN_TOWN)) for c in gazetteer.lookup(name))


def _a_firms_word(gazetteer: Gazetteer, surface: str, rest: list[str]) -> bool:
    """Whether a place's name opens a company's name as a word of it: a name English also uses ("Delta Air Lines")
    before anything but a public body's word, or a town's name before a firm's word ("Boston Scientific",
    "Zurich Insurance Group"). A country or a state stays the place its firms are named for ("Malaysia Airlines",
    "Kansas Electric Cooperatives Inc."), as the annotated corpora count them."""
    words = {w.lower().strip(".,") for w in rest}
    if not rest or words & _CIVIC:
        return False
    if rest[0].lower().strip(".,") in _VENUES:
        return True  # "the Jamaica Inn", "Georgia Hall": a house named after a place, or a person, not the place
    return surface.lower() in TOWN_WORDS or bool(words & _FIRMS) and not any(
        c.kind == NAME and c.feature_code in ("PCLI", "ADM1") for c in gazetteer.lookup(surface))


# A nation's body named with its people's adjective ("Philippine National Police", "Nigerian Railway Corporation",
# "the Palestinian Authority"): the adjective refers to the country, as "Russian troops" does.
_NATIONAL_BODIES = frozenset("""
national federal police army navy coast authority ministry government council parliament senate railway railways
institute agency commission court military forces guard
""".split())


def _a_public_bodys_people(gazetteer: Gazetteer, surface: str, rest: list[str]) -> bool:
    return bool(rest) and rest[0].lower() in _NATIONAL_BODIES and any(
        c.kind == DEMONYM for c in gazetteer.lookup(surface))


# The words of a county's offices that follow its name without "County" ("the Pointe Coupee Sheriff's Office",
# "Kanawha Circuit Court", "DuPage Sheriff John Zaruba"). Narrower than _CIVIC: schools, hospitals and colleges
# are named after people as often ("Marshall University", "Howard School").
_COUNTY_OFFICES = frozenset("""
sheriff sheriff's sheriffs circuit coroner commission commissioners clerk jail prosecutor deputies deputy detention
police fire ems
""".split())
_DIVISION_WORDS = ("county", "parish", "borough")
_ROMAN = re.compile(r"[IVXLC]+")
_OFFICES = frozenset({"office", "department", "dept.", "commission"})


def _county_by_short_name(gazetteer: Gazetteer, surface: str, rest: list[str]) -> str | None:
    """The full name of the county ``surface`` shortens where a county office's word follows it, if no town or
    larger place has that name of its own ("Jackson Police" is the city's)."""
    if not rest or rest[0].lower().replace("\u2019", "'").strip(".,") not in _COUNTY_OFFICES:
        return None
    found = gazetteer.lookup(surface)
    if any(c.kind == NAME and (c.feature_class != "P" or c.population >= MIN_TOWN) for c in found):
        return None  # "Kanawha", Iowa, a village of 600, is no Kanawha Circuit Court's
    wanted = {f"{surface.lower()} {word}" for word in _DIVISION_WORDS}
    names = {c.name for c in found if c.feature_code == "ADM2" and c.name.lower() in wanted}
    return min(names) if names else None


def _a_person_naming_a_body(mention: Mention) -> bool:
    """spaCy's "person" that holds a division's word after a name ("Rapides Parish Fire", of District 2), or ends in
    a body's initials ("Nova Scotia RCMP")."""
    words = mention.text.split()
    return mention.label == "PERSON" and len(words) > 1 and (
        any(w.lower() in _DIVISION_WORDS and w[:1].isupper() for w in words[1:])
        or len(words[-1]) >= 3 and words[-1].isupper() and words[-1].isalpha()
        and not _ROMAN.fullmatch(words[-1]))  # "Marion Lawson Parker III" is a person


def offices_are_not_places(mentions: list[Mention]) -> list[Mention]:
    """A "facility" that is a public office ("the Pointe Coupee Sheriff's Office") is an organisation, and so is a
    "person" ending in a body's initials ("Nova Scotia RCMP")."""
    return [replace(m, label="ORG") if m.source == "ner" and (
        m.label == "FAC" and m.text.split()[-1].lower() in _OFFICES
        or _a_person_naming_a_body(m) and m.text.split()[-1].isupper()) else m for m in mentions]


def embedded_places(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Place names opening an organisation's or facility's name, or following its "of" ("Bank of Japan")."""
    found: list[Mention] = []
    for org in (m for m in mentions if (m.label in ("ORG", "FAC") or _a_person_naming_a_body(m))
                and m.source in ("ner", "cue")):
        words = _words(org.text)
        starts = [0] + [i + 1 for i, (a, b) in enumerate(words[:-1]) if org.text[a:b].lower() in _LEAD_INS]
        # "the Ministry of Health of the Democratic Republic of the Congo": the name after "of the", six words long
        starts = [i + 1 if i < len(words) - 1 and org.text[slice(*words[i])] == "the" and i > 0 else i
                  for i in starts]
        before = len(found)
        for i in starts:
            if len(found) > before and found[-1].end > org.start + words[i][0]:
                continue  # inside the place found before: "the Congo" of "the Democratic Republic of the Congo"
            for size in (6, 5, 4, 3, 2, 1) if i else (3, 2, 1):
                if i + size > len(words):
                    continue
                start, end = org.start + words[i][0], org.start + words[i + size - 1][1]
                surface = text[start:end]
                rest = org.text[words[i + size - 1][1]:].split()
                if i == 0 and size == 1 and _a_public_bodys_people(gazetteer, surface, rest):
                    found.append(Mention(start, end, surface, "NORP", "embedded", demonym=True))
                    break
                if (start, end) != (org.start, org.end) and surface[:1].isupper() \
                        and is_named_place(gazetteer, surface) \
                        and not (i == 0 and _a_firms_word(gazetteer, surface, rest)) \
                        and not (rest and surface.lower() in _OPENERS):
                    found.append(Mention(start, end, surface, "GPE", "embedded"))
                    break
                county = _county_by_short_name(gazetteer, surface, rest or text[org.end:org.end + 20].split()[:1]) \
                    if i == 0 else None
                if county is not None:
                    found.append(Mention(start, end, surface, "GPE", "embedded", refers_to=county))
                    break
    return found
