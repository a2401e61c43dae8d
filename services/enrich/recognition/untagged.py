"""Towns spaCy's small model leaves untagged: a capitalised name in running text that is a town's own name is
that town ("rail links reached Lyon", "blackouts hit Maracaibo", "the hills above Viña del Mar").

Only where nothing else can explain the capitals: not at the start of a sentence, a line or a quotation, not
after "the" ("the Woodlands"), not inside any span spaCy tagged (a title, a date, a law), not a known given
name, and not a word English also uses (TOWN_WORDS: "Man", "Sale", "Best", "Split" are towns too). The whole run
of capitalised words must be the name: "Detroit Edison" and "Bronx Latin" are something else, and so is a
headline in title case, one run of capitals.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..gazetteer.index import Gazetteer
from ..gazetteer.names import key
from ..gazetteer.store import ALTERNATE, NAME
from .mention import Mention
from .relabel import spelt_alike
from .words import CALENDAR_WORDS, CAPITAL, GENERIC_WORDS

MIN_TOWN = 15_000  # chosen on LGL alone (100,000: +1 place, 50,000: +2, 15,000: +7 and 4 false, 5,000: +8 and 12)
# Names of towns of MIN_TOWN people or more that are also English words: Debian's wamerican word list (its
# lower-case entries) met with the gazetteer's towns of 15,000 people or more. The dictionary's, not a corpus's.
TOWN_WORDS = frozenset("""
acacias acre agar airport alabaster alliance aloha along altos anchorage angers annex antelope anthem apex arbutus
archway ascot astrakhan auburn bade badger bake balsas banes banning bar barking bath baud bay bear bell bend bender
best billings bimbo bole bologna bonito bonny boo boom borne boulder bountiful bow bra brad bray brick brusque
buckeye buffalo bury butte butterfly buy cairns canning canton carpi cassino cayenne centennial central centurion
chandler chaparral chino clay cloverleaf cocoa cognac columbine commonwealth concord confederation converse cork
corona crystal cypress date davenport deal debar defiance delta derby dole dome dour dyer eagle emporia enterprise
erode eureka evergreen fate federal felling fiddlesticks fishers flagstaff fleet flint flora florin fords forest
fountain gap garland garner gay gent goes golden gondola grapevine grays green griffin groves hale harrow hawthorn
hays hem hermitage hexing hickory highland hillside ho holiday homburg homestead hook horn hove hub hull humble
hurricane imperial independence jam jasper jingling keystone lancing lander largo lattes laurel leek leer lend lens
liberal liberty lice limerick linden lira lisle lop luau magenta maidenhead male man manage manga mango manly
mantilla march marina marks martin mascara mascot mason mentor meridian mesa mesquite metro midland midstream midway
mine mission mobile mocha moss most much muscat mustang natal neath newton nice normal ode of officer ogre
opportunity oral orange orchards overland oxford pa pace paisley papaya paradise paramount pare parole pearl peer
pen perm pest phoenix pinto piranhas pita plantation plaque plum plunge police pop portage posse pout prosper
providence pueblo puma quarto queens reading republic reservoir retreat revere rho rich riverside rogers roman roses
rouge rugby ruse rye saga sake saki sale salt samba same sandy sari savage savannah say seaside sedan semi shanghai
shaping shoreline silvan sim simmering slough sparks split spring springs stains sterling stoke stow sue sulphur
summit sunrise sunset superior surprise surrey swords sycamore tamale tame tangier tank tartar temple tequila terrace
time tire tome tooting torrent tours troy tucker tulle union university upland uptown valence van vicuña vineyard
vista walker walnut warder ware warren wedding weir welling wellington westerly wetter wheeling woodland woodlands
worms wright ye young
""".split())
# Small words inside a town's name: "Viña del Mar", "Newcastle upon Tyne"; "on", "am", "sur" only hyphenated
# ("Rostov-on-Don", "Frankfurt-am-Main"): "Viña del Mar on Saturday" is no name.
_LINKS = r"(?: (?:del|de|la|al|el|du|des|da|do|dos|das|di|le|les|der|ben|upon) |-[a-z]{1,4}-)"
_RUN = re.compile(r"(?<![\w'\u2019.&-])" + CAPITAL + r"[\w'\u2019.-]*(?:(?:" + _LINKS + r"| )" + CAPITAL
                  + r"[\w'\u2019.-]*)*")
_OPENING = re.compile(r"(?:^|[.!?:;\"\u201c\u201d(\[\n\u2014\u2013]|\s-|\b[Tt]he)\s*$")
_POSSESSIVE = re.compile(r"(?:['\u2019]s|['\u2019.])$")
OPENING_CITY = 1_000_000
_GOES_ON = re.compile(r"(?: and |, | [a-z]+(?:ed|s)\b)")  # a list, or a verb in the past or the present
_THE_BEFORE = re.compile(r"\b[Tt]he\s*$")


def _spelt(name: str, town: str) -> bool:
    """Written as the town's own name, or without its accents when that leaves a long word: "God" is no Göd."""
    return name == town or (name.isascii() and len(name) >= 5)


MIN_CITY_SPELLING = 100_000  # a city of this size is found by another spelling too ("Mekele" for Mek'ele)


def _town(gazetteer: Gazetteer, name: str) -> bool:
    found = gazetteer.lookup(name)
    return any(c.kind == NAME and c.feature_class == "P" and c.population >= MIN_TOWN and _spelt(name, c.name)
               for c in found) or (len(found) == 1 and found[0].kind == ALTERNATE and found[0].feature_class == "P"
                                   and found[0].population >= MIN_CITY_SPELLING
                                   and spelt_alike(key(name), key(found[0].name)))


_SENTENCE_END = re.compile(r"(?<=[a-z]{3}\.) ")  # "Thursday. Bucharest": two runs; "St. Louis" one


def _runs(text: str) -> Iterator[tuple[int, str]]:
    """Each run of capitalised words with its start, cut where a sentence ends inside it."""
    for run in _RUN.finditer(text):
        start = run.start()
        for piece in _SENTENCE_END.split(run.group()):
            yield start, piece
            start += len(piece) + 1


def untagged_towns(text: str, taken: Sequence[tuple[int, int]], mentions: Sequence[Mention], gazetteer: Gazetteer,
                   given: frozenset[str]) -> list[Mention]:
    """Towns named where neither spaCy (``taken``: its spans of any label) nor another rule found a name."""
    spans = sorted([*taken, *((m.start, m.end) for m in mentions)])
    found = []
    for start, run in _runs(text):
        name = _POSSESSIVE.sub("", run)
        end = start + len(name)
        lowered = name.lower()
        if name.isupper() or lowered in TOWN_WORDS or lowered in GENERIC_WORDS or lowered in CALENDAR_WORDS \
                or name in given or any(s < end and start < e for s, e in spans):
            continue
        if _OPENING.search(text, max(0, start - 8), start):
            # opening a sentence, only a city of millions, its own name and a single word before a verb or a list
            # ("Bucharest reported 40 cases", "Bucharest and Cluj"): any word is capitalised there
            if " " not in name and _GOES_ON.match(text, end) \
                    and not _THE_BEFORE.search(text, max(0, start - 5), start) \
                    and any(c.kind == NAME and c.feature_class == "P" and c.population >= OPENING_CITY
                            for c in gazetteer.lookup(name)):
                found.append(Mention(start, end, name, "GPE", "untagged"))
            continue
        if _town(gazetteer, name):
            found.append(Mention(start, end, name, "GPE", "untagged"))
    return found
