"""Rules that settle what a name is when spaCy and the gazetteer disagree, or spaCy contradicts itself."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from difflib import SequenceMatcher

from ..gazetteer.index import Candidate, Gazetteer
from ..gazetteer.names import key
from ..gazetteer.store import ALTERNATE, DEMONYM, NAME
from .dateline import title_case
from .mention import Mention, overlaps
from .words import GENERIC_WORDS

BIG_CITY = 100_000  # a one-word "person" named like a city this big is taken for the city
# Lower-case words other languages put inside a place's name ("Port aux Basques", "Rio de Janeiro", "Frankfurt
# am Main"): no English noun phrase goes on so, as "Worthington immigration raid" or "the Nice of Russia" do.
NAME_PARTICLES = frozenset("aux au de des du del della delle di da das do dos la le les sur sous en am an im y i"
                           .split())  # "i": Persian's ("Mazar-i-Sharif")
# and Arabic's article as names are written in English: "Deir ez-Zor", "Ras al-Khaimah", "Tell el-Kebir"
_PARTICLES = "(?:" + "|".join(sorted(NAME_PARTICLES | {"upon", "on", "of", "under", "in", "al", "el", "ez", "es", "ed",
                                                       "ash", "ar", "az", "ad"})) + ")"
_CAPITALISED = re.compile(r"[A-Z][\w'\u2019-]*")
_NAME_GOES_ON = re.compile(
    r"(?:[ -]" + _PARTICLES + r")+[ -]" + _CAPITALISED.pattern + r"(?: " + _CAPITALISED.pattern + ")*")


def merge(ner: list[Mention], extra: list[Mention]) -> list[Mention]:
    """spaCy's spans win, except where the gazetteer names exactly the same text as a place."""
    kept = list(ner)
    for mention in extra:
        clashes = [n for n in kept if overlaps(n, mention)]
        if not clashes:
            kept.append(mention)
            continue
        same = [n for n in clashes if (n.start, n.end) == (mention.start, mention.end)]
        if same and len(clashes) == 1 and not mention.demonym and not same[0].is_place \
                and same[0].label != "NORP":
            kept[kept.index(same[0])] = mention
        elif same and len(clashes) == 1 and mention.demonym and same[0].label in ("NORP", "PERSON"):
            # a word that only ever names a people ("Sri Lankan") is no person's name
            kept[kept.index(same[0])] = replace(same[0], label="NORP", demonym=True)
        elif all(n.start >= mention.start and n.end <= mention.end and (
                n.is_place or mention.source == "dateline" or len(clashes) > 1) for n in clashes) \
                and not mention.demonym:
            # "New York City" over "York"; a dateline over whatever spaCy made of part of it ("SAO" in SAO PAULO);
            # a country's or division's name over the pieces spaCy cut it into ("Trinidad" and "Tobago", an ORG)
            kept = [n for n in kept if n not in clashes] + [mention]
    return kept


JOINED_TOWN = 10_000
WORLD_CITY = 1_000_000  # a city so big its whole name is no person's, given name or not


_NEXT_WORD = re.compile(r" [A-Z][\w'\u2019-]*")


def _town_named(gazetteer: Gazetteer, name: str) -> bool:
    return any(c.kind == NAME and (c.feature_class == "A" or c.feature_class == "P" and c.population >= JOINED_TOWN)
               for c in gazetteer.lookup(name))


def pieces_joined(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """A name and the capitalised word after it that together are a town's own name are the town, whatever
    spaCy made of the pieces: "Spanish" (a language) and "Town" (a place, or nothing) are Spanish Town, Jamaica,
    not Spain and Town, Saint Lucia."""
    out = sorted(mentions, key=lambda m: m.start)
    for mention in list(out):
        after = _NEXT_WORD.match(text, mention.end) if mention.source != "dateline" else None
        if after is None or mention not in out:
            continue
        whole = Mention(mention.start, after.end(), text[mention.start:after.end()], "GPE", mention.source)
        if _town_named(gazetteer, whole.text) and not _town_named(gazetteer, mention.text):
            out = [m for m in out if not overlaps(m, whole)] + [whole]
    for mention in list(out):
        # "St. John's": a town whose own name ends in a possessive, bigger than any town named without it
        owned = mention.text + text[mention.end:mention.end + 2]
        if mention.source != "dateline" and mention.is_place and _POSSESSIVE_END.fullmatch(owned[-2:]) \
                and not text[mention.end + 2:mention.end + 3].isalpha() \
                and _biggest_town(gazetteer, owned) > max(_biggest_town(gazetteer, mention.text), JOINED_TOWN):
            out[out.index(mention)] = Mention(mention.start, mention.end + 2, owned, "GPE", mention.source)
    for mention in list(out):
        # "Hawke's Bay", "Martha's Vineyard" (a possessive spaCy cut off), "Little Havana" (a word before it),
        # "Tyne and Wear" (two "people")
        if mention not in out or mention.source == "dateline":
            continue
        before = _POSSESSOR.search(text, max(0, mention.start - 30), mention.start) \
            or _WORD_BEFORE.search(text, max(0, mention.start - 30), mention.start)
        joined = _AND_WORD.match(text, mention.end)
        spans = [(before.start(), mention.end)] if before else []
        spans += [(mention.start, joined.end())] if joined else []
        for start, end in spans:
            # the whole name, not the piece again behind an article ("The Bush administration")
            if key(text[start:end]) != key(mention.text) and _town_named(gazetteer, text[start:end]):
                whole = Mention(start, end, text[start:end], "GPE", mention.source)
                out = [m for m in out if not overlaps(m, whole)] + [whole]
                break
    return sorted(out, key=lambda m: m.start)


_POSSESSIVE_END = re.compile(r"['\u2019]s")


def _biggest_town(gazetteer: Gazetteer, name: str) -> int:
    return max((c.population for c in gazetteer.lookup(name) if c.kind == NAME and c.feature_class == "P"), default=0)


_POSSESSOR = re.compile(r"(?<![\w'\u2019])[A-Z][\w-]*['\u2019]s $")
_WORD_BEFORE = re.compile(r"(?<![\w'\u2019.-])[A-Z][a-z]+ $")
_AND_WORD = re.compile(r" and [A-Z][\w'\u2019-]*")


# "..., PA reports", "AP said": a news agency's credit, not a state's abbreviation ("Bristol, PA" is no Pennsylvania).
_CREDITED = re.compile(r"\s+(?:reports|reported|said|says|understands|has learned|learned|has been told)\b")


def agencies_are_not_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """A name of two to four capitals that reports or says something is a news agency, whatever it abbreviates."""
    return [replace(m, label="ORG") if m.is_place and m.source != "dateline" and 2 <= len(m.text) <= 4
            and m.text.isalpha() and m.text.isupper() and _CREDITED.match(text, m.end) else m for m in mentions]


_ACROSS_A_DASH = re.compile(r"\s+[\u2013\u2014-]\s+")
_SURE_NAMED = frozenset({"PCLI", "PCLD", "PCLS", "PCLIX", "TERR", "ADM1"})


def places_across_a_dash(mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """A name spaCy ran across a dash ("Cholera – Mozambique", "Measles – USA (Texas)", a disease report's title)
    is no organisation: what follows the dash is a place where the gazetteer knows it as a country or division."""
    out = list(mentions)
    for mention in mentions:
        if mention.source != "ner" or mention.is_place and gazetteer.lookup(mention.text):
            continue  # "Diphtheria - Guinea" as one place is no place; "Guinea" is
        dash = _ACROSS_A_DASH.search(mention.text)
        if dash is None:
            continue
        rest = mention.text[dash.end():].split(" (")[0].rstrip(" .,")
        if rest and any(c.kind in (NAME, ALTERNATE) and c.feature_code in _SURE_NAMED
                        for c in gazetteer.lookup(rest)):
            start = mention.start + dash.end()
            out = [m for m in out if m is not mention] + [Mention(start, start + len(rest), rest, "GPE", "ner")]
    return sorted(out, key=lambda m: m.start)


# "the Nakuru-Eldoret highway", "the Kaduna–Abuja railway": a route between two towns names both ends.
_ROUTE = re.compile(r"(?<![\w'\u2019-])(?!(?:The|A|An|On|In|At) )([A-Z][\w'\u2019.]*(?: [A-Z][\w'\u2019.]*)?)[-\u2013]"
                    r"([A-Z][\w'\u2019.]*(?: [A-Z][\w'\u2019.]*)?) (?:highway|expressway|motorway|freeway|road|railway|"
                    r"railroad|rail|line|pipeline|corridor|route|bus|train|flight|border|crossing|bridge|ferry|"
                    r"link|section|stretch)s?\b")
ROUTE_TOWN = 1_000  # an end of a route is a town of at least this many people, or a division or country


def _route_end(gazetteer: Gazetteer, name: str) -> bool:
    return name.lower() not in GENERIC_WORDS and any(
        c.kind in (NAME, ALTERNATE) and (c.feature_class == "A" or c.feature_class == "P"
                                         and c.population >= ROUTE_TOWN) for c in gazetteer.lookup(name))


def places_on_routes(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Both ends of a route written with a hyphen ("the Nakuru-Eldoret highway", "the Kaduna-Abuja railway"), where
    the gazetteer knows each end and not the hyphenated whole (Winston-Salem, Guinea-Bissau are one place), over
    whatever spaCy made of the pair (one facility, one end alone)."""
    out = list(mentions)
    for route in _ROUTE.finditer(text):
        whole = route.group(1) + text[route.end(1)] + route.group(2)
        if _route_end(gazetteer, whole) or not all(_route_end(gazetteer, route.group(i)) for i in (1, 2)):
            continue
        ends = [Mention(route.start(i), route.end(i), route.group(i), "GPE", "ner") for i in (1, 2)]
        out = [m for m in out if not any(overlaps(m, end) for end in ends)] + ends
    return sorted(out, key=lambda m: m.start)


# "Pakistan-administered Kashmir", "Indian-controlled Kashmir": one name where the gazetteer knows it so
_ADMINISTERED = re.compile(r"(?<![\w-])[A-Z][a-z]+-(?:administered|controlled|held|occupied) [A-Z][\w'-]+"
                           r"(?: [A-Z][\w'-]+)?")


def administered_names(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """A territory named by who holds it, as the gazetteer knows it ("Pakistan-administered Kashmir": Azad Kashmir),
    over the country and the region spaCy found in it."""
    out = list(mentions)
    for match in _ADMINISTERED.finditer(text):
        if gazetteer.lookup(match.group()):
            whole = Mention(match.start(), match.end(), match.group(), "GPE", "ner")
            out = [m for m in out if not overlaps(m, whole)] + [whole]
    return sorted(out, key=lambda m: m.start)


_CUT_LABELS = frozenset({"NORP", "ORG", "PERSON", "FAC"})  # what spaCy may call a piece of a place's name


def names_cut_at_a_particle(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """A place spaCy cut before a lower-case word of its name ("Port" of "Port aux Basques") is the whole name,
    where the gazetteer knows the whole name: the piece alone is another place (Port, a village in France)."""
    out = list(mentions)
    for mention in mentions:
        # whatever spaCy called the piece ("Rio Grande" as a group of people): the whole name decides
        tail = _NAME_GOES_ON.match(text, mention.end) if (mention.is_place or mention.label in _CUT_LABELS) \
            and not mention.demonym and mention.source != "dateline" else None
        if tail is None:
            continue
        ends = [mention.end + word.end() for word in _CAPITALISED.finditer(tail.group())]
        end = next((e for e in reversed(ends) if _known_place(gazetteer, text[mention.start:e])), None)
        if end is None:
            continue
        whole = Mention(mention.start, end, text[mention.start:end], "GPE", mention.source)
        out = [m for m in out if not overlaps(m, whole)] + [whole]
    return sorted(out, key=lambda m: m.start)


def _known_place(gazetteer: Gazetteer, name: str) -> bool:
    return any(c.kind in (NAME, ALTERNATE) and c.lat is not None for c in gazetteer.lookup(name))


_VOTING = frozenset({"PERSON", "ORG", "GPE", "LOC"})


def one_sense(mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """One label per name in an article: the one spaCy gave it most often, a known place winning ties.

    A known place the dateline names ("MARSEILLE, France -") is that place wherever the story repeats it."""
    filed = {title_case(m.text) for m in mentions if m.source == "dateline"}
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        if m.label in _VOTING and not m.demonym:
            votes[m.text][m.label] += 1
    chosen = {}
    for text, counts in votes.items():
        ranked = counts.most_common()
        top = [label for label, n in ranked if n == ranked[0][1]]
        known = any(c.kind == 0 for c in gazetteer.lookup(text))
        if known and text in filed:
            top = ["GPE"]
        chosen[text] = next((label for label in top if label in ("GPE", "LOC")), top[0]) if known else top[0]
    return [replace(m, label=chosen[m.text]) if m.label in _VOTING and m.text in chosen
            and m.source == "ner" else m for m in mentions]


def _name_words(mentions: list[Mention]) -> set[str]:
    return {w for m in mentions if m.label == "PERSON" and " " in m.text for w in m.text.split()}


def cities_are_not_people(mentions: list[Mention], gazetteer: Gazetteer,
                          given: frozenset[str] = frozenset()) -> list[Mention]:
    """A one-word "person" never named in full that is the name of a big city, a state or a busy airport ("Gatwick")
    is that place; so is a
    longer "person" whose whole name is such a place's own and whose first word is no given name ("Cité Soleil",
    a district of 265,000 people, not "Jackson Heights")."""
    words = _name_words(mentions)

    def is_city(m: Mention) -> bool:
        if m.label == "PERSON" and " " in m.text and m.text not in words and any(
                c.kind == 0 and c.feature_class == "P" and c.population >= WORLD_CITY
                for c in gazetteer.lookup(m.text)):
            return True  # "Belo Horizonte", a city of 2.7 million, whatever "Belo" may be
        if m.label != "PERSON" or (m.text in words if " " not in m.text else m.text.split()[0] in given):
            return False
        return any(c.kind == 0 and (c.population >= BIG_CITY or c.feature_code in ("ADM1", "PCLI", "AIRP"))
                   for c in gazetteer.lookup(m.text))

    return [replace(m, label="GPE") if is_city(m) else m for m in mentions]


# The gazetteer layer's country names too, where they are a person's surname ("DeAndre Jordan ... Jordan, 36,
# blocked three shots"); any word of a name would take "Egypt" for the person "Egypt Dan Kurtzer" spaCy made of
# "ambassador to Egypt Dan Kurtzer".
_NAMED_BY = frozenset({"ner", "gazetteer"})


def people_are_not_places(mentions: list[Mention]) -> list[Mention]:
    """A one-word "place" that is part of a person's name in the same text is that person."""
    words = _name_words(mentions)
    surnames = {m.text.split()[-1] for m in mentions if m.label == "PERSON" and " " in m.text}
    return [replace(m, label="PERSON") if m.is_place and not m.demonym and (
        (m.source == "ner" and m.text in words) or (m.source in _NAMED_BY and m.text in surnames))
        else m for m in mentions]


# A title before a name makes it a person's ("Queen Victoria", "Prince Edward", "Lord Howe"), unless the title and
# the name together are a place ("Prince George", "General Santos", "Lady Lake").
_TITLE_BEFORE = re.compile(r"(?<![\w.-])(?:Queen|King|Prince|Princess|Lord|Lady|Sir|Dame|Duke|Duchess|Earl|Countess|"
                           r"Emperor|Empress|Pope|Sultan|Emir|Sheikh|Mr|Mrs|Ms|Dr|President|Senator|Sen|Rep|Gov|"
                           r"Governor|General|Gen)\.? $")


def titled_people(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """A place's name after a title is a person's: "a statue of Queen Victoria" is no Victoria, Australia."""
    out = []
    for m in mentions:
        title = _TITLE_BEFORE.search(text, max(0, m.start - 12), m.start) \
            if m.is_place and not m.demonym and m.source != "dateline" else None
        if title is not None and not _town_named(gazetteer, text[title.start():m.end]):
            m = replace(m, label="PERSON")
        out.append(m)
    return out


# Countries, divisions, territories and island groups: what a name of one surely means.
_SURE_AREAS = frozenset({"PCLI", "PCLD", "PCLS", "PCLIX", "TERR", "ADM1", "ISLS", "ISL"})
_MISSED_LABELS = frozenset({"ORG", "NORP"})


# What only a place has: "Cucuta's outskirts", "Florence's mayor" (a given name, but no person's outskirts).
_PLACES_OWN = re.compile(r"['\u2019]s\s+(?:outskirts|suburbs|streets|residents|mayor|airport|port|harbou?r|"
                         r"city cent(?:re|er)|old town|downtown|neighbou?rhoods|districts|governor|population)\b")
_REPORTS = re.compile(r"\s+(?:said|says|reported|announced|recalled|posted|shares|stock|will|would|plans|has|had)\b")


def known_places_missed(mentions: list[Mention], gazetteer: Gazetteer, given: frozenset[str],
                        text: str) -> list[Mention]:
    """spaCy's small model tags some well-known places as organisations or groups ("Sevastopol's port",
    "Falklands", "Misrata", "Abkhazia"): a whole name the gazetteer knows as a city of BIG_CITY people or as a
    country, division, territory or island group, and that is no given name, is that place."""
    def sure(c: Candidate) -> bool:
        return c.feature_code in _SURE_AREAS or (c.feature_class == "P" and c.population >= BIG_CITY)

    def missed(m: Mention) -> bool:
        if m.source != "ner" or m.label not in _MISSED_LABELS or m.demonym \
                or m.text in given and not _PLACES_OWN.match(text, m.end) \
                or m.text.isupper() or m.text.lower() in GENERIC_WORDS:
            return False
        if m.label == "ORG" and _REPORTS.match(text, m.end):
            return False  # "Toyota said it would recall": the company named after its town speaks

        found = gazetteer.lookup(m.text)
        if m.label == "NORP" and any(c.kind == DEMONYM for c in found):
            return False  # "Somali forces" are Somalia's, not the Somali Region of Ethiopia's
        own = [c for c in found if c.kind == NAME]
        # another spelling ("Misrata" for Misratah) only where it names one place, is nobody's own name and is
        # spelt nearly as the place's own ("Hamas" is an alternate name of Hamm)
        if _LAND_AFTER.match(text, m.end) and any(c.feature_class == "A" for c in own):
            return True  # "the Dorset coast", "the Kivu border": a division's land, whatever its size
        return any(sure(c) for c in own) or (not own and len({c.id for c in found}) == 1 and all(
            c.kind == ALTERNATE and sure(c) and spelt_alike(m.text, c.name) for c in found))

    return [replace(m, label="GPE") if missed(m) else m for m in mentions]


# A lower-case word after a name that only land has: the name is a place's ("the Dorset coast").
_LAND_AFTER = re.compile(r"\s+(?:coast|coastline|countryside|border|borders|hills|highlands|lowlands|moors|uplands|"
                         r"interior|hinterland)\b")


SPELLING_RATIO = 0.8  # "Misrata"/"Misratah" .93, "Kiev"/"Kyiv" .75, "Hamas"/"Hamm" .67


def spelt_alike(one: str, other: str) -> bool:
    return SequenceMatcher(None, one.lower(), other.lower()).ratio() >= SPELLING_RATIO
