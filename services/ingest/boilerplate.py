"""Boilerplate: which lines of a scraped page are the article, and which are the page around it.

Each line (or HTML block) is sorted into a ``Kind`` by small tables of regular expressions, matched
case-insensitively against the whole line after whitespace is collapsed. The rules are general, naming no
site, so that they hold for pages we have never seen:

* ``CAPTIONS``     a photo caption: ends in a credit such as "(Photo by X)", "(Photo: X)", "(AFP photo)",
                   "[Name/Reuters]"; kept apart from the body.
* ``CHROME``       share widgets ("SHARE THIS ARTICLE", "Share on Facebook", "Follow us on ..."), app
                   promotions, copyright notices, "Read more:" / "Related:" teasers, "Loading ...",
                   advertisement markers, newsletter sign-ups, "Updated: <date>" stamps. Only short lines
                   (at most ``MAX_CHROME_WORDS``) can be chrome, so a paragraph of prose is never dropped.
* ``MIRROR_INTRO`` a footer announcing alternate addresses ("... can also be accessed at the following
                   alternate addresses:"); web addresses on that line and on the lines right after it are
                   the site's mirrors.
* breadcrumbs      "News / Foreign Policy / Russia", "Home > World > Asia": short capitalised segments
                   joined by / > » › |; three or more segments anywhere, two only above the first prose.
* bylines          "By Jane Doe" above the first prose.
* the tail         short unpunctuated lines after the last prose are page furniture (menus, app names).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum


class Kind(Enum):
    """What a line of a page is."""

    BODY = "body"
    BLANK = "blank"
    CAPTION = "caption"
    BYLINE = "byline"
    BREADCRUMB = "breadcrumb"
    CHROME = "chrome"
    MIRROR_INTRO = "mirror_intro"
    ADDRESS = "address"


def _table(*patterns: str) -> re.Pattern[str]:
    """One case-insensitive regex matching the whole line against any of the patterns."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


CREDIT_AGENCIES = r"AFP|Reuters|AP|EPA|EPA-EFE|Getty Images|Anadolu(?: Agency)?|Xinhua|Bloomberg|Sputnik"
CAPTIONS = _table(
    r".*\((?:file\s+)?(?:photos?|images?|pictures?|pic|photograph)\s*(?:by|:|credit:?|courtesy(?: of)?|via)"
    r"\s*[^()]{1,80}\)\s*\.?",
    r".*\((?:[\w&.'’ -]{1,40}\s)?(?:file\s+)?(?:photos?|images?|pictures?)\)\s*\.?",
    rf".*\[[^\[\]]{{0,60}}/\s*(?:{CREDIT_AGENCIES})[^\[\]]{{0,30}}\]\s*",
    r"(?:photo|image|picture)(?: credit)?\s*:\s*\S.{0,80}",
)
MAX_CHROME_WORDS = 30
APP_PLATFORMS = (
    r"app store|google play|play store|roku|apple tv|android tv|fire tv|smart tv|ios app|android app"
)


def _short(words: int, pattern: str) -> str:
    """The pattern, restricted to lines of at most ``words`` words (widgets are terse, prose is not)."""
    return rf"(?=(?:\S+\s+){{0,{words - 1}}}\S+$)(?:{pattern})"


CHROME = _table(
    # share and follow widgets
    _short(8, r"share(?: this| the)?(?: article| story| page| post| video)?(?: on .{1,60})?"),
    _short(8, r"(?:share|post|tweet|send) (?:on|to|via|by) .{1,60}"),
    _short(12, r"(?:follow|like|join|find) us (?:on|at|in) .{1,80}"),
    _short(8, r"(?:tweet|email|e-mail|print|whatsapp|facebook|twitter|x|linkedin|telegram|reddit|copy link"
           r"|comments?)(?:\s*[|/•·,]\s*[\w .-]{1,30})*"),
    _short(10, r"click (?:here )?to (?:share|print|email).{0,60}"),
    # app promotions
    _short(15, r"(?:download|get|install|try) (?:the |our )?.{0,40}\bapps?\b.{0,80}"),
    _short(15, r".{0,80}\bavailable (?:on|in|at|from) (?:the )?(?:app store|google play|play store).{0,60}"),
    _short(8, rf".*\b(?:{APP_PLATFORMS})\b.*"),
    # copyright notices: the symbol, or the word followed by a year
    r"(?:©|\(c\)|copyright\s*©?\s*\d{4}).{0,200}",
    r".{0,200}\ball rights reserved\b.{0,60}",
    # teasers: a lead-in and a link title, or a bare section heading
    _short(25, r"(?:read more|read also|also read|more|related|see also|recommended|watch|listen"
           r"|more on this)\s*[:»>|–—-].{0,200}"),
    _short(6, r"related(?: stories| articles| content| news)?|recommended(?: for you)?"
           r"|most (?:read|popular|viewed)|you (?:may|might) also (?:like|be interested in)"
           r"|more (?:stories|from .{1,40})|trending"),
    # loading markers, advertisements, sign-ups, time stamps
    r"(?:loading|please wait)\s*(?:\.{2,}|…)?",
    _short(6, r"advertisement|sponsored(?: content)?|story continues below(?: advertisement)?"
           r"|scroll to continue"),
    _short(15, r"(?:subscribe|sign up|register)\b.{0,80}\b(?:newsletter|updates|alerts|briefing)\b.{0,40}"),
    _short(10, r"(?:published|updated|posted|last updated|first published)\s*(?:on|at|:)?"
           r"\s*\S.{0,60}\d.{0,40}"),
)
MIRROR_INTRO = re.compile(
    r"\b(?:can|may) also be (?:accessed|reached|found|read|visited) (?:at|via|through|on)\b"
    r"|\balternat(?:e|ive) (?:web )?(?:addresses|address|domains?|urls?|links?|sites?)\b"
    r"|\bmirror (?:sites?|addresses|domains?|links?)\b",
    re.IGNORECASE,
)
# An address starts where a host name could start, never inside one: without the look-behind, findall would
# retry a failed match from every character of a long "a.a.a.a..." run, quadratic in its length.
ADDRESS = re.compile(
    r"(?<![a-z0-9.-])(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?::\d{1,5})?"
    r"(?:/[^\s,;]*)?",
    re.IGNORECASE,
)
# A separator's leading space starts after a non-space, so a long run of spaces is scanned once, not once per space.
BREADCRUMB_SEPARATOR = re.compile(r"(?<!\s)\s+[/>|]\s+|(?<!\s)\s*[»›]\s*")
SEPARATOR_CHARACTERS = re.compile(r"[/>|»›]")
BYLINE = re.compile(r"by:?\s+(?P<name>[A-Z][^.!?]{1,80})", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?…:;\"'”’)]$")
# C0 and C1 controls other than whitespace: an escape sequence in a headline recolours or clears the terminal of
# whoever prints it (newsflow search) and plants hidden links; no news text needs one.
CONTROL_CHARACTERS = "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"
INVISIBLE_CHARACTERS = re.compile(f"[\u200b\u200c\u200d\u2060\ufeff\u00ad{CONTROL_CHARACTERS}]")
# Unicode's Bidi_Control characters: an override (U+202E) makes a headline read backwards ("gpj.exe").
BIDI_CONTROLS = re.compile(f"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069{CONTROL_CHARACTERS}]")
MIN_PROSE_WORDS = 8  # a line this long that is nothing else is prose: the head of the page ends there
MAX_TAIL_WORDS = 6


def clean_line(text: str) -> str:
    """The text on one line: zero-width characters and soft hyphens gone, any run of whitespace one space."""
    if not text.isprintable():  # every invisible character is unprintable: most lines have none to remove
        text = INVISIBLE_CHARACTERS.sub("", text)
    return " ".join(text.split())  # str.split's whitespace is the regex \s: Unicode's, no-break spaces too


def without_controls(text: str) -> str:
    """The text without bidirectional or terminal controls: for headlines, bylines and names, shown alone."""
    return BIDI_CONTROLS.sub("", text)


def classify_lines(lines: Sequence[str]) -> list[Kind]:
    """The kind of every line; ``lines`` are whitespace-collapsed, "" for a blank line."""
    kinds: list[Kind] = []
    in_head, after_intro = True, False
    for line in lines:
        kind = classify_line(line, in_head, after_intro)
        in_head = in_head and not (kind is Kind.BODY and len(line.split()) >= MIN_PROSE_WORDS)
        # Mirror addresses follow their introduction, possibly across blank lines.
        after_intro = kind in (Kind.MIRROR_INTRO, Kind.ADDRESS) or (after_intro and kind is Kind.BLANK)
        kinds.append(kind)
    return _trim_tail(lines, kinds)


def classify_line(line: str, in_head: bool = False, after_intro: bool = False) -> Kind:
    """The kind of one line, given whether it lies above the first prose and just after a mirror intro."""
    if not line:
        return Kind.BLANK
    if after_intro and ADDRESS.fullmatch(line.rstrip(".")):
        return Kind.ADDRESS
    if _may_introduce_mirrors(line) and MIRROR_INTRO.search(line):
        return Kind.MIRROR_INTRO
    if CAPTIONS.fullmatch(line):
        return Kind.CAPTION
    short = len(line.split()) <= MAX_CHROME_WORDS
    if short and CHROME.fullmatch(line.rstrip(" .!:")):
        return Kind.CHROME
    if is_breadcrumb(line, min_segments=2 if in_head else 3):
        return Kind.BREADCRUMB
    if in_head and byline_name(line):
        return Kind.BYLINE
    return Kind.BODY


def _may_introduce_mirrors(line: str) -> bool:
    """A quick look for words every mirror introduction holds (the regex costs ~6 times as much on prose).

    Case-folded as the regex's IGNORECASE folds ("ſ" is "s"); "rror", not "mirror", since a dotless "ı" is "i" to
    the regex but not to casefold."""
    folded = line.casefold()
    return "also be" in folded or "alternat" in folded or "rror" in folded


def is_breadcrumb(line: str, min_segments: int = 2) -> bool:
    """Whether the line is a trail of short capitalised section names joined by separators."""
    if min_segments > 1 and not SEPARATOR_CHARACTERS.search(line):  # most lines: no separator, one segment
        return False
    segments = BREADCRUMB_SEPARATOR.split(line)
    return len(segments) >= min_segments and all(
        segment[:1].isupper() and len(segment.split()) <= 4 and not SENTENCE_END.search(segment)
        for segment in segments
    )


def byline_name(line: str) -> str | None:
    """The name(s) in a "By Jane Doe" line; None for anything longer or sentence-like."""
    match = BYLINE.fullmatch(line)
    if match is None or len(line.split()) > 12 or SENTENCE_END.search(line):
        return None
    return match.group("name").strip()


def alternate_addresses(lines: Sequence[str], kinds: Sequence[Kind]) -> tuple[str, ...]:
    """The mirror addresses: those on a mirror-intro line (after its colon) and the address lines after it."""
    found: list[str] = []
    for line, kind in zip(lines, kinds, strict=True):
        if kind is Kind.MIRROR_INTRO:
            found += ADDRESS.findall(line.partition(":")[2])
        elif kind is Kind.ADDRESS:
            found.append(line)
    return tuple(dict.fromkeys(address.rstrip(".") for address in found))


def _trim_tail(lines: Sequence[str], kinds: list[Kind]) -> list[Kind]:
    """Short, unpunctuated body lines after the last real paragraph are page furniture, not article."""
    tail: set[int] = set()  # a set: membership below is tested once per line
    for index in range(len(kinds) - 1, -1, -1):
        if kinds[index] is not Kind.BODY:
            continue
        line = lines[index]
        if len(line.split()) > MAX_TAIL_WORDS or SENTENCE_END.search(line):
            break
        tail.add(index)
    if len(tail) == kinds.count(Kind.BODY):  # never trim an article down to nothing
        return kinds
    return [Kind.CHROME if index in tail else kind for index, kind in enumerate(kinds)]
