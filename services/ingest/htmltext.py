"""HTML as text: the article in a whole page (trafilatura) or in a fragment (lxml), as blocks and lines.

Nothing here fetches anything: trafilatura is given the markup, never a URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import lxml.html
import nh3
import trafilatura
from lxml import etree
from trafilatura.htmlprocessing import convert_to_html
from trafilatura.settings import Document

from shared.errors import InvalidInput

from .boilerplate import clean_line

CONTAINERS = frozenset({"div", "section", "article", "main", "body", "html", "span", "font", "center"})
BLOCK_TAGS = (
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "td", "th", "dt", "dd",
    "div", "section", "article", "header", "footer", "aside", "nav", "main", "ul", "ol", "table", "tr", "br",
)
HIDDEN_TAGS = ("script", "style", "noscript", "template")
INVISIBLE_TAGS = (*HIDDEN_TAGS, "head")
SAFE_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code", "strong", "em",
    "b", "i", "u", "s", "sub", "sup", "a", "br", "table", "thead", "tbody", "tr", "th", "td",
    "dl", "dt", "dd",
}
SAFE_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
MAX_DEPTH = 255  # libxml2's limit on nested elements without XML_PARSE_HUGE
# Full timestamps, not just the day, so a page's date can stand in for versioncreated.
DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True, "extensive_search": False}


@dataclass(frozen=True)
class Block:
    """One block of an article: its text on one line and its markup (not yet sanitised, unless ``safe``)."""

    text: str
    html: str
    safe: bool = False  # markup made here from escaped plain text: sanitising it would give it back unchanged


@dataclass(frozen=True)
class PageExtract:
    """What trafilatura finds in a page: the main content's blocks and the page's metadata."""

    blocks: tuple[Block, ...]
    title: str | None
    author: str | None
    date: str | None


def extract_page(page: str) -> PageExtract | None:
    """The main content and metadata of a whole page, or None when trafilatura finds no article."""
    document = trafilatura.bare_extraction(
        page,
        favor_precision=True,
        include_comments=False,
        with_metadata=True,
        date_extraction_params=DATE_PARAMS,
    )
    if not isinstance(document, Document) or document.body is None:
        return None
    root = convert_to_html(document.body)
    body = root.find("body") if root.tag == "html" else root
    blocks = tuple(element_blocks(body if body is not None else root))
    return PageExtract(blocks, document.title, document.author, document.date)


def fragment_blocks(fragment: str) -> list[Block]:
    """The blocks of an HTML fragment (a ninjs body_html); figures are left out, their captions apart."""
    root = _parse(fragment, as_fragment=True)
    if root is None:
        return []
    etree.strip_elements(root, "figure", *INVISIBLE_TAGS, with_tail=False)
    return list(element_blocks(root))


def element_blocks(root: etree._Element) -> Iterator[Block]:
    """Blocks under ``root``: containers are descended into, loose text becomes a paragraph of its own."""
    if root.text and root.text.strip():
        yield _text_block(root.text)
    for child in root:
        if not isinstance(child.tag, str):  # comments and processing instructions
            pass
        elif child.tag in CONTAINERS and len(child):
            yield from element_blocks(child)
        elif (text := clean_line("".join(child.itertext()))) != "":
            yield Block(text, etree.tostring(child, encoding=str, with_tail=False))
        if child.tail and child.tail.strip():
            yield _text_block(child.tail)


def figcaptions(markup: str) -> list[str]:
    """The text of every <figcaption> in the markup, in order."""
    root = _parse(markup)
    if root is None:
        return []
    captions = (clean_line("".join(element.itertext())) for element in root.iter("figcaption"))
    return [caption for caption in captions if caption]


def page_lines(markup: str) -> list[str]:
    """The visible text of the markup, one line per block element (for footers trafilatura leaves out)."""
    root = _parse(markup)
    if root is None:
        return []
    etree.strip_elements(root, etree.Comment, *INVISIBLE_TAGS, with_tail=False)
    for element in root.iter(*BLOCK_TAGS):
        # Line breaks at block boundaries keep "SHARE" and the next paragraph from running together.
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    lines = (clean_line(line) for line in root.text_content().splitlines())
    return [line for line in lines if line]


def visible_text(markup: str) -> str:
    """The text a reader would see: markup, scripts, styles and comments gone, entities decoded.

    A real parser, not regular expressions: libxml2 reads in one pass whatever the markup, where patterns
    such as ``<script.*?</script>`` backtrack quadratically over a page of unclosed tags.
    """
    root = _parse(markup)
    if root is None:
        return ""
    etree.strip_elements(root, etree.Comment, *HIDDEN_TAGS, with_tail=False)  # <head> holds <title>
    return str(root.text_content())


def sanitize(markup: str) -> str:
    """Markup safe to publish: a small allow-list of text tags, links with safe schemes only."""
    return nh3.clean(
        markup, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES, url_schemes={"http", "https", "mailto"}
    ).strip()


def _text_block(text: str) -> Block:
    """A paragraph block made from plain text."""
    line = clean_line(text)
    return Block(line, f"<p>{nh3.clean_text(line)}</p>")


def _parse(markup: str, as_fragment: bool = False) -> etree._Element | None:
    """The markup parsed leniently (a fragment inside one <div>); None when there is nothing to parse.

    libxml2 stops building the tree below MAX_DEPTH nested elements and drops whatever text lies deeper,
    so such markup is refused rather than published without its tail (trafilatura's parser has the same cap).
    """
    parser = lxml.html.HTMLParser()
    try:
        if as_fragment:
            root = lxml.html.fragment_fromstring(markup, create_parent="div", parser=parser)
        else:
            root = lxml.html.fromstring(markup, parser=parser)
    except (etree.LxmlError, ValueError):
        root = None
    if any(error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for error in parser.error_log):
        raise InvalidInput("body", f"markup nested deeper than {MAX_DEPTH} elements: the text below that depth "
                                   "would be lost")
    return root
