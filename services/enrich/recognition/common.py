"""Common words that look like places: a lower-case word, and a place name that is also an everyday noun used
as one ("Turkey prices", "Jersey cows", "a China cabinet", "Java developers", "Bath salts").

Two rules, both about how the word is used, not about which word it is:
- a name written entirely in lower case ("metro", "chile peppers") is no place name: English capitalises those;
- a one-word place name whose lower-case form is an everyday English noun (HOMOGRAPHS: the class, from the
  dictionary, not from any corpus) is that noun when it directly modifies a lower-case noun ("Turkey prices"),
  unless a preposition of place comes before it ("in Turkey") or the dateline names it.
- a place name that opens a lexicalised compound named after a place but not about it (EPONYMS, from the
  dictionary: "Brussels sprouts", "Buffalo wings", "Wellington boots") is part of that compound, and so is
  one before a noun of breeds, dishes and wares (EPONYM_HEADS: "Canada geese", "Siamese cats");
- a storm's name ("Hurricane Ian", "Typhoon Haiyan") is no town called Hurricane, and a disease named after
  a place ("Marburg virus", "Lassa fever", "Lyme disease", and "Marburg outbreak", "Zika cases" once the story
  has named it: DISEASE_PLACES) is no mention of it;
- a street ("Main Street", "Dundas Street", "King Street West") is no town: the whole name is the street's
  (a place without a gazetteer entry, as the annotated corpora count streets), never its first word's town.
A country named as a modifier without being a homograph ("Ukraine peace talks", "Iran nuclear deal") stays a
place: that is how news names the place, and so does a place of origin ("Idaho potatoes", "Maine lobster").
"""

from __future__ import annotations

import re

from .mention import Mention
from .words import CALENDAR_WORDS, FUNCTION_WORDS

# Place names that are also ordinary English nouns or adjectives (and mean the noun when they modify one).
HOMOGRAPHS = frozenset("""
bath bologna brie buffalo cayenne champagne cheddar chile china cologne darjeeling denim guinea jersey
java madeira main mobile nice orange panama reading roquefort sherry turkey worcestershire angora
cashmere bermuda calico tabasco oxford derby cardigan fez homburg manila mocha shetland suede tangerine guernsey
""".split())
# Compounds that name a thing after a place without being about the place (singular forms).
EPONYMS = frozenset(line.strip() for line in """
aberdeen angus
afghan hound
alaska king crab
angus beef
bath salt
bermuda grass
bermuda shorts
boston terrier
brazil nut
brussels sprout
buffalo chicken
buffalo wing
caesar salad
canada goose
cayenne pepper
chile pepper
china cabinet
china plate
cornish hen
cuban cigar
havana cigar
danish pastry
denver omelet
denver omelette
dijon mustard
french fry
french toast
great dane
guernsey cow
guinea pig
hamburg steak
hawaiian shirt
java code
java developer
java programmer
jersey cow
jerusalem artichoke
japanese garden
kentucky bluegrass
key lime
labrador retriever
lima bean
london broil
long island iced tea
madeira wine
manhattan clam chowder
manhattan project
mexican wave
moscow mule
new york strip
panama hat
parmesan cheese
peking duck
philadelphia cream cheese
rhode island red
russian roulette
salisbury steak
scotch egg
seville orange
siamese cat
swiss chard
swiss cheese
swiss roll
tabasco sauce
turkey burger
turkey sandwich
venetian blind
vienna sausage
waldorf salad
wellington boot
worcestershire sauce
yorkshire pudding
yorkshire terrier
""".strip().splitlines())
# The class behind those compounds: a place or its people's adjective before one of these nouns names a breed, a
# dish or a style of thing ("Canada geese", "Siamese cats", "Cornish pasties", "Turkish delight", "Peking duck"),
# not where it is. Breeds, dishes and wares only: produce and goods of origin ("Idaho potatoes", "Colombian
# coffee", "Egyptian cotton") do come from the place and stay places.
EPONYM_HEADS = frozenset("""
pasty pastry delight duck fry sprout goose cat coon shepherd setter retriever terrier hound spaniel mastiff
sheepdog collie pointer poodle bulldog towel waffle toast omelet omelette muffin roulette blind bun
pudding chard mustard dressing rarebit meatball sausage salami sandwich hen brand onion ham herd cattle
heifer
""".split())
_IRREGULAR = {"geese": "goose"}
_STORMS = re.compile(r"(?:Hurricane|Typhoon|Cyclone|Tropical Storm|Storm|Tropical Depression)$")
_CAPITALISED = re.compile(r" [A-Z][a-z]")
# a storm's name, and the Pacific's weather patterns named like villages ("El Niño", "La Niña")
_STORM_NAMED = re.compile(r"(?:Hurricane|Typhoon|Cyclone|Tropical Storm|Storm|Tropical Depression) [A-Z]|"
                          r"(?:El Ni[nñ]o|La Ni[nñ]a)$")
# a disease, a pathogen's strain or a variant named after a place ("Marburg virus", "Spanish flu", "the Sudan
# strain", "the Kent variant")
_DISEASE = re.compile(r"[ -](?:virus|fever|disease|haemorrhagic|hemorrhagic|encephalitis|flu|strain|variant|"
                      r"species|measles|worm|hantavirus|(?:ortho)?ebolavirus|lineage|genotype|clade|respiratory|"
                      r"syndrome)\b", re.IGNORECASE)
# "Salmonella Strathcona", "Salmonella Newport": serovars; "clade Ia", "lineage Ib": a virus's branches
_SEROVAR = re.compile(r"\b(?:Salmonella|clade|subclade|lineage|genotype|serotype|subtype)\s+$")
# Diseases named after the place they were first found (virology's names, not any corpus's): news drops the
# "virus" or "fever" once the story has named it ("Rwanda declared its Marburg outbreak over", "Zika cases rose").
DISEASE_PLACES = frozenset({"marburg", "ebola", "lassa", "zika", "lyme", "nipah", "hendra", "west nile",
                            "rift valley", "crimean-congo", "powassan", "oropouche", "mayaro", "usutu", "sindbis",
                            "ross river", "hantaan", "junin", "machupo", "omsk", "norwalk", "coxsackie"})
_OUTBREAK = re.compile(r"[ -](?:outbreaks?|cases?|vaccines?|vaccinations?|patients?|infections?|infected|"
                       r"epidemics?|strains?|survivors?|deaths?|transmission|variant|treatments?|tests?)\b",
                       re.IGNORECASE)
_OUTBREAK_BEFORE = re.compile(r"\b(?:cases?|outbreaks?|deaths?|infections?|spread|vaccines?|epidemics?) (?:of|from|"
                              r"against)\s+$", re.IGNORECASE)  # "suspected cases of Marburg"
_STREET = r"(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Lane|Drive|Dr\.)(?: (?:East|West|North|South))?"
_STREET_AFTER = re.compile(_STREET + r"(?![\w-])")
STREET_NAME = re.compile(r".* " + _STREET)
# a federal court's district: "the Southern District of Mississippi" is no Southern District of Israel
_COURTS_DISTRICT = re.compile(r"(?:Northern|Southern|Eastern|Western|Middle|Central) District")
# numbered roads: "Highway 11", "Route 340", "Interstate 72" (a stadium stays a place without a point, as the
# annotated corpora count stadiums)
NUMBERED_ROAD = re.compile(r"(?:(?:State |U\.?S\.? )?(?:Highway|Route|Interstate|Hwy\.?)|I-) ?\d+[A-Z]?")
# Lower-case words after a name that are not a noun it could modify (verbs, function words).
NOT_HEADS = frozenset("""
a an and are as at be been but by for from had has have in into is it its of on or said says than that
the then to was were which who will with would could should may might can did does do not also
""".split())
_NEXT_WORD = re.compile(r"\s+([a-z][a-z-]+)\b")
_NEXT_CAPITALISED = re.compile(r" ([A-Z][a-z]+)\b")
_VEHICLES = r"(?:SUVs?|crossovers?|pickups?|sedans?|hatchbacks?|minivans?)\b"
_MODELS = re.compile(r"\s+" + _VEHICLES)
_MODELS_AFTER_AND = re.compile(r"\s+and\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+" + _VEHICLES)
_AND_NAME_HEAD = re.compile(r"\s+and\s+[A-Z][\w-]*\s+([a-z][a-z-]+)\b")
# Homographs that name a country or a territory, which act ("China sent"); "Cheddar rose" is the cheese's price.
_STATES = frozenset({"china", "turkey", "chile", "guinea", "panama", "jersey", "bermuda"})
# A verb after such a name makes it the subject ("after China sent 30 warplanes", "as China imposed duties"): a past
# tense, or one of the irregular pasts and present forms news uses most.
_A_VERB = re.compile(r"[a-z]+ed|sent|told|took|made|gave|won|lost|began|hit|cut|put|set|saw|left|met|kept|held|led|"
                     r"rose|fell|sold|bought|paid|built|grew|threw|sought|fought|struck|wants|says|plans|sends|"
                     r"makes|takes|imposes|faces|needs|hopes|seeks|claims|denies|accuses|warns|rejects|insists|"
                     r"urges|vows|threatens|announces|condemns|demands|calls|agrees|expects|says|is|was|has|had|will|"
                     r"would|could|can|may|must|should")
# ... or a lower-case compass word, which only a place takes ("struck southern Turkey before dawn")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|from|to|across|into|throughout|outside|of)\s+(?:the\s+)?$|"
                           r"(?<![\w-])(?:(?:north|south|east|west)(?:-?(?:east|west))?ern|central)\s+$", re.IGNORECASE)


def _modifies_a_noun(text: str, mention: Mention) -> bool:
    after = _NEXT_WORD.match(text, mention.end)
    if after is None or after.group(1) in NOT_HEADS or (
            mention.text.lower() in _STATES and _A_VERB.fullmatch(after.group(1))):
        return False
    return _PLACE_BEFORE.search(text[max(0, mention.start - 24):mention.start]) is None


def _compound(text: str, mention: Mention) -> bool:
    """Whether the mention opens an eponymous compound or names a storm."""
    if _STORMS.fullmatch(mention.text) and _CAPITALISED.match(text, mention.end):
        return True
    if _DISEASE.match(text, mention.end) or _SEROVAR.search(text, max(0, mention.start - 12), mention.start) or (
            mention.text.lower() in DISEASE_PLACES and (_OUTBREAK.match(text, mention.end) or _OUTBREAK_BEFORE.search(
                text, max(0, mention.start - 30), mention.start))):
        return True
    capital = _NEXT_CAPITALISED.match(text, mention.end)  # "German Shepherd", as breeds are written too
    if capital is not None and any(form in EPONYM_HEADS for form in _singulars(capital.group(1).lower())):
        return True
    for head in (_NEXT_WORD.match(text, mention.end), _AND_NAME_HEAD.match(text, mention.end)):
        if head is not None and any(form in EPONYM_HEADS or f"{mention.text.lower()} {form}" in EPONYMS
                                    for form in _singulars(head.group(1))):
            return True  # "Canada geese"; "Jersey and Holstein herds"; "Java and Kotlin developers"
    if _MODELS.match(text, mention.end) or _MODELS_AFTER_AND.match(text, mention.end):
        return True  # a carmaker's models: "Tucson and Santa Fe SUVs"
    words = [w.lower() for w in re.findall(r"[A-Za-z-]+", text[mention.end:mention.end + 40])[:3]]
    before = re.findall(r"[A-Za-z-]+", text[max(0, mention.start - 20):mention.start])[-1:]
    for lead in ([], [w.lower() for w in before]):
        for size in range(0 if lead else 1, len(words) + 1):
            phrase = " ".join([*lead, mention.text.lower(), *words[:size]])
            if any(form in EPONYMS for form in _singulars(phrase)):
                return True
    return False


def _singulars(phrase: str) -> tuple[str, ...]:
    """The phrase and the singular forms its last word may have ("fries" → "fry", "sprouts" → "sprout")."""
    last = phrase.rsplit(" ", 1)[-1]
    if last in _IRREGULAR:
        phrase = phrase[:len(phrase) - len(last)] + _IRREGULAR[last]
    forms = [phrase, phrase.removesuffix("s"), phrase.removesuffix("es")]
    if phrase.endswith("ies"):
        forms.append(phrase[:-3] + "y")
    return tuple(forms)


def _whole_streets(text: str, mentions: list[Mention]) -> list[Mention]:
    """A place name followed by "Street" (or "Road", "Avenue" ...) as the whole street's name."""
    out = []
    streets = set()
    for m in mentions:
        after = _STREET_AFTER.match(text, m.end + 1) if text[m.end:m.end + 1] == " " and _candidate(m) else None
        if after is not None and any(o is not m and o.start <= m.start and o.end >= after.end() for o in mentions):
            # the street is inside another name already ("Oxford Street" as spaCy's facility): the town's piece goes,
            # and a name that is the street alone is the street
            streets.add((m.start, after.end()))
            continue
        if after is not None and not any(o.start < after.end() and m.end < o.end for o in mentions if o is not m):
            out.append(Mention(m.start, after.end(), text[m.start:after.end()], "FAC", "street"))
        else:
            out.append(m)
    return [Mention(m.start, m.end, m.text, "FAC", "street") if (m.start, m.end) in streets else m for m in out]


# "a Guernsey from Chester County", "an Angora": the article makes a homograph the noun (a country is not "a" one)
_AN_ARTICLE = re.compile(r"(?<![\w-])(?:a|an)\s+$", re.IGNORECASE)


def _after_an_article(text: str, mention: Mention) -> bool:
    """A homograph after "a" or "an" and before no noun it would modify ("an Oxford police station" is the town's)."""
    after = _NEXT_WORD.match(text, mention.end)
    return mention.text.lower() in HOMOGRAPHS and _AN_ARTICLE.search(text[max(0, mention.start - 4):mention.start]) \
        is not None and (after is None or after.group(1) in FUNCTION_WORDS or after.group(1) in NOT_HEADS)


_DAY_AFTER = re.compile(r"\s+\d{1,2}\b")


def _a_date(text: str, mention: Mention) -> bool:
    """A month with its day ("TAIPEI, Oct 10 (Reuters)", "WASHINGTON, March 2"): no place called March."""
    first = mention.text.split()[0].lower().rstrip(".")
    return first in CALENDAR_WORDS and (any(c.isdigit() for c in mention.text)
                                        or bool(_DAY_AFTER.match(text, mention.end)))


def _candidate(m: Mention) -> bool:
    return m.is_place and not m.demonym and m.source != "dateline"


def not_common_words(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions without places that are really common words (see the module's docstring).

    A homograph is the noun only where the article never uses it otherwise: one "from Turkey" or a dateline
    makes every "Turkey" in the story the country."""
    mentions = _whole_streets(text, mentions)
    placed: dict[str, bool] = {}
    for m in mentions:
        word = m.text.lower()
        if word in HOMOGRAPHS:
            placed[word] = placed.get(word, False) or not _candidate(m) or not _modifies_a_noun(text, m)
    return [m for m in mentions if not (_candidate(m) and (
        not any(c.isupper() for c in m.text) or placed.get(m.text.lower()) is False or _compound(text, m)
        or _COURTS_DISTRICT.fullmatch(m.text) and text.startswith(" of ", m.end)
        or m.text.lower() in FUNCTION_WORDS and not m.text.isupper() or _after_an_article(text, m)
        or _a_date(text, m)
        or _STORM_NAMED.match(m.text) or m.text.startswith("Salmonella ")))
        and not (m.demonym and _compound(text, m))]
