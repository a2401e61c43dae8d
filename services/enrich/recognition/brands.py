"""Newspapers, teams, clubs, airlines and chains named after a place: the place inside the name is no mention of it.

"The Washington Post", "the Boston Globe", "the Dallas Cowboys", "Manchester United", "Real Madrid",
"Bayern Munich": the town names who publishes or plays, not where the story is. Two closed classes of words
make such a name, and both are curated here (not learned from any corpus):
- the title a newspaper or broadcaster takes after its town (Post, Times, Herald, News, Radio ...) and the nickname a
  team takes after its town (Cowboys, Celtics, Heat, Jazz, United ...): a place directly followed by one;
- the word a European club puts before its town (Real, Bayern, Inter, Borussia ...): a place directly after one.
A name the gazetteer knows whole is still a place ("Mexico City", "Boston Heights", "Golan Heights"), and so
is a place named as a venue or a home ("in Boston", "Dallas" alone): only the place fused with the brand goes.
A place that opens a government's or a university's name ("Ohio Supreme Court") is not touched: those name
the place they serve (embedded.py).
"""

from __future__ import annotations

import re

from ..gazetteer.index import Gazetteer
from ..gazetteer.store import ALTERNATE, NAME
from .mention import Mention, overlaps

_MEDIA = """
Post Times Globe Tribune Herald Journal Gazette Chronicle Examiner Inquirer Enquirer Observer Courier Telegraph
Dispatch Sentinel Register Bee Star Sun Sun-Times Star-Tribune Guardian Courant Bulletin Daily_News
Free_Press Plain_Dealer Morning_Herald Morning_News Evening_Standard Times-Picayune
News Mirror Independent Express Reporter Monitor Advocate Mail Radio TV Television Broadcasting
"""
# The nicknames of the big North American leagues' teams and the words British clubs take after their town
# (multi-word entries joined by "_").
_TEAMS = """
Cardinals Falcons Ravens Bills Panthers Bears Bengals Browns Cowboys Broncos Lions Packers Texans Colts Jaguars
Chiefs Raiders Chargers Rams Dolphins Vikings Patriots Saints Giants Jets Eagles Steelers 49ers Seahawks
Buccaneers Titans Commanders Redskins Hawks Celtics Nets Hornets Bulls Cavaliers Mavericks Nuggets Pistons
Warriors Rockets Pacers Clippers Lakers Grizzlies Heat Bucks Timberwolves Pelicans Knicks Thunder Magic 76ers
Suns Trail_Blazers Blazers Kings Spurs Raptors Jazz Wizards Diamondbacks Braves Orioles Red_Sox White_Sox
Cubs Reds Guardians Indians Rockies Tigers Astros Royals Angels Dodgers Marlins Brewers Twins Mets Yankees
Athletics Phillies Pirates Padres Mariners Rays Rangers Blue_Jays Nationals Expos Ducks Coyotes Bruins Sabres
Flames Hurricanes Blackhawks Avalanche Blue_Jackets Stars Red_Wings Oilers Canadiens Predators Devils
Islanders Senators Flyers Penguins Sharks Kraken Blues Lightning Maple_Leafs Canucks Golden_Knights
Capitals Sounders Whitecaps Timbers United Rovers Wanderers Athletic Albion Hotspur Saint-Germain FC SC CF AFC
"""
# Airlines and restaurant chains named after a place: "Alaska Airlines", "British Airways", "Texas Roadhouse",
# "Kentucky Fried Chicken" fly and cook everywhere; the place in the name is no mention of it.
_FIRMS = """
Airlines Airways Air_Lines Roadhouse Steakhouse Fried_Chicken
"""
_CLUBS = """
Real Atletico Atlético Athletic Bayern Inter AC Borussia Olympique Sporting Dynamo Dinamo Red_Star Shakhtar
Lokomotiv Spartak CSKA Zenit Hertha Eintracht Racing Deportivo Celta Rapid Slavia Sparta Legia
"""

# "Ohio United Methodist Church", "Lancaster United Way", "Kansas City Star Arena": a name that goes on is
# an institution or a building of the place, not the brand.
_INSTITUTIONS = "Way|Methodist|Church|States|Nations|Kingdom|Office|Square|Street|Road|Avenue|Center|Centre|" \
    "Park|Arena|Stadium|Airport|Station|Hall|County|Council|Club"


def _words(listed: str) -> list[str]:
    """The entries of a list above ("Red_Sox" is two words), longest first, as regular expressions."""
    return [re.escape(w.replace("_", " ")) for w in sorted(listed.split(), key=len, reverse=True)]


_AFTER = re.compile(r" (?:" + "|".join(_words(_MEDIA + _TEAMS + _FIRMS))
                    + r")(?!\w)(?! (?:" + _INSTITUTIONS + r")\b)")
_BEFORE = re.compile(r"(?<![\w-])(?:" + "|".join(_words(_CLUBS)) + r") $")


def _known_whole(gazetteer: Gazetteer, name: str) -> bool:
    return any(c.kind in (NAME, ALTERNATE) for c in gazetteer.lookup(name))


def _brand(text: str, mention: Mention, gazetteer: Gazetteer) -> tuple[int, int] | None:
    """The span of the brand a place mention is fused with, or None."""
    after = _AFTER.match(text, mention.end)
    if after is not None and not _known_whole(gazetteer, text[mention.start:after.end()]):
        return mention.start, after.end()
    before = _BEFORE.search(text, max(0, mention.start - 12), mention.start)
    if before is not None and not _known_whole(gazetteer, text[before.start():mention.end]):
        return before.start(), mention.end
    # spaCy's "Manchester United" or "the Miami Heat 112-104" as one place: the brand inside it
    for space in (i for i, c in enumerate(mention.text) if c == " "):
        inside = _AFTER.match(mention.text, space)
        if inside is not None and gazetteer.lookup(mention.text[:space]) \
                and not _known_whole(gazetteer, mention.text[:inside.end()]):
            return mention.start, mention.start + inside.end()
    return None


def brands(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """The mentions without places fused with a newspaper's title or a team's name; the brand an organisation."""
    kept: list[Mention] = []
    added: list[Mention] = []
    for mention in mentions:
        span = _brand(text, mention, gazetteer) if mention.is_place and not mention.demonym \
            and mention.source != "dateline" else None
        if span is None:
            kept.append(mention)
            continue
        brand = Mention(span[0], span[1], text[span[0]:span[1]], "ORG", "brand")
        if not any(overlaps(brand, other) and other is not mention for other in mentions + added):
            added.append(brand)
    return kept + added
