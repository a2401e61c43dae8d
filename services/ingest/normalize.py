"""Normalisation: a Submission of any format becomes one clean NormalizedArticle.

The body is found (trafilatura for whole pages, lxml for ninjs HTML fragments, line rules for text), then
every format goes through the same boilerplate rules (``boilerplate``), headline choice, byline, dateline
(``dateline``) and summary.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime

from shared.errors import InvalidInput

from .boilerplate import Kind, alternate_addresses, byline_name, classify_lines, clean_line, without_controls
from .dateline import find_dateline
from .formats.submission import Submission, utc_datetime
from .htmltext import Block, extract_page, figcaptions, fragment_blocks, page_lines, sanitize

DEFAULT_LANGUAGE = "en"
SUMMARY_LIMIT = 300
HEADLINE_LIMIT = 200  # a longer first line is a paragraph, not a headline
FALLBACK_HEADLINE_LIMIT = 120


@dataclass(frozen=True)
class NormalizedArticle:
    """An article ready for enrichment: clean body, metadata, and what was set apart from the body."""

    headline: str
    body_text: str
    body_html: str
    byline: str | None
    dateline: str | None
    captions: tuple[str, ...]
    language: str
    located: str | None
    versioncreated: datetime | None
    alternate_urls: tuple[str, ...]
    summary: str


@dataclass
class Draft:
    """The body blocks of an article and what was set apart from them, before headline and summary."""

    blocks: list[Block]
    captions: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    alternate_urls: tuple[str, ...] = ()
    title: str | None = None
    author: str | None = None
    date: str | None = None


def normalize(sub: Submission) -> NormalizedArticle:
    """The clean article in a Submission; InvalidInput when nothing of an article is left."""
    if sub.format == "html" and sub.body_html is not None:
        draft = draft_from_page(sub.body_html)
    elif sub.body_html is not None:
        draft = draft_from_fragment(sub.body_html)
    else:
        draft = draft_from_text(sub.body_text or "")
    return finish(sub, draft)


def draft_from_text(text: str) -> Draft:
    """Sort a scraped text's lines; paragraphs are blank-line separated (or one per line if none are)."""
    lines = [clean_line(line) for line in text.splitlines()]
    kinds = classify_lines(lines)
    return Draft(
        blocks=[_text_block(paragraph) for paragraph in _paragraphs(lines, kinds)],
        captions=_of_kind(lines, kinds, Kind.CAPTION),
        bylines=[byline_name(line) or line for line in _of_kind(lines, kinds, Kind.BYLINE)],
        alternate_urls=alternate_addresses(lines, kinds),
    )


def draft_from_fragment(fragment: str) -> Draft:
    """Sort the blocks of an HTML fragment (ninjs body_html); <figcaption>s become captions."""
    draft = _sort_blocks(fragment_blocks(fragment))
    draft.captions = figcaptions(fragment) + draft.captions
    return draft


def draft_from_page(page: str) -> Draft:
    """The article in a whole page: trafilatura's main content, else every visible line of the page."""
    lines = page_lines(page)
    extract = extract_page(page)
    if extract is None or not extract.blocks:
        draft = draft_from_text("\n".join(lines))
    else:
        draft = _sort_blocks(list(extract.blocks))
        draft.title, draft.author, draft.date = extract.title, extract.author, extract.date
        # The footer naming mirrors is usually outside the main content trafilatura keeps.
        draft.alternate_urls = alternate_addresses(lines, classify_lines(lines))
    captions = figcaptions(page)
    caption_set = set(captions)  # a page of many figures must not make this quadratic
    draft.blocks = [block for block in draft.blocks if block.text not in caption_set]
    draft.captions = captions + draft.captions
    return draft


def finish(sub: Submission, draft: Draft) -> NormalizedArticle:
    """Choose headline, byline and dateline, and assemble the article from the draft."""
    headline, blocks = choose_headline(sub.headline or draft.title, draft.blocks)
    if not blocks:
        raise InvalidInput("body", "no article text is left once page furniture is removed")
    paragraphs = [block.text for block in blocks]
    byline = sub.byline or draft.author or next(iter(draft.bylines), None)
    markup = "".join(block.html for block in blocks)
    return NormalizedArticle(
        headline=without_controls(headline),
        body_text="\n\n".join(paragraphs),
        # A plain text's paragraphs are escaped text in <p> (tests/ingest/test_normalize.py holds sanitising them
        # to be a no-op): only markup that came in as markup goes through the sanitiser.
        body_html=markup if all(block.safe for block in blocks) else sanitize(markup),
        byline=without_controls(byline) if byline else None,
        dateline=find_dateline(paragraphs[0]),
        captions=tuple(dict.fromkeys(draft.captions)),
        language=sub.language or DEFAULT_LANGUAGE,
        located=sub.located,
        versioncreated=sub.versioncreated or _page_date(draft.date),
        alternate_urls=draft.alternate_urls,
        summary=shorten(paragraphs[0], SUMMARY_LIMIT),
    )


def choose_headline(given: str | None, blocks: list[Block]) -> tuple[str, list[Block]]:
    """The headline and the body without it: the given one, else a headline-like first block."""
    if given:
        headline = clean_line(given)
        if blocks and _same_heading(blocks[0].text, headline):
            blocks = blocks[1:]  # pages and wires often repeat the headline atop the body
        return headline, blocks
    if blocks and _looks_like_headline(blocks[0].text):
        return blocks[0].text, blocks[1:]
    # No headline anywhere: the opening words stand in, and the first paragraph stays in the body.
    return shorten(blocks[0].text if blocks else "", FALLBACK_HEADLINE_LIMIT), blocks


def shorten(text: str, limit: int) -> str:
    """The text, cut on a word boundary with an ellipsis so that it fits ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    return f"{cut}…"


def _sort_blocks(blocks: list[Block]) -> Draft:
    """Keep the body blocks; set captions, bylines and mirror addresses apart."""
    texts = [block.text for block in blocks]
    kinds = classify_lines(texts)
    return Draft(
        blocks=[block for block, kind in zip(blocks, kinds, strict=True) if kind is Kind.BODY],
        captions=_of_kind(texts, kinds, Kind.CAPTION),
        bylines=[byline_name(text) or text for text in _of_kind(texts, kinds, Kind.BYLINE)],
        alternate_urls=alternate_addresses(texts, kinds),
    )


def _paragraphs(lines: list[str], kinds: list[Kind]) -> list[str]:
    """Body lines joined into paragraphs; any line that is not body ends the paragraph it interrupts."""
    if Kind.BLANK not in kinds:  # no blank lines at all: the page put one paragraph on each line
        return _of_kind(lines, kinds, Kind.BODY)
    paragraphs: list[str] = []
    current: list[str] = []
    for line, kind in zip(lines, kinds, strict=True):
        if kind is Kind.BODY:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs + ([" ".join(current)] if current else [])


def _of_kind(lines: list[str], kinds: list[Kind], wanted: Kind) -> list[str]:
    return [line for line, kind in zip(lines, kinds, strict=True) if kind is wanted]


def _text_block(paragraph: str) -> Block:
    return Block(paragraph, f"<p>{html.escape(paragraph, quote=False)}</p>", safe=True)


def _looks_like_headline(text: str) -> bool:
    """Short, more than one word, and not ending like a sentence."""
    return len(text) <= HEADLINE_LIMIT and len(text.split()) >= 2 and not text.endswith(".")


def _same_heading(text: str, headline: str) -> bool:
    """Whether a block repeats the headline (a <title> may carry the site's name after it)."""
    block, wanted = text.casefold(), headline.casefold()
    return block == wanted or (len(block) >= 10 and wanted.startswith(block))


def _page_date(value: str | None) -> datetime | None:
    """A page's own date as UTC, or None when it has none or it is implausible."""
    if not value:
        return None
    try:
        return utc_datetime(value)
    except ValueError:
        return None
