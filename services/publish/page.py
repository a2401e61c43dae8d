"""The article as a web page, for mirrors whose ``format`` is html: a full document, sanitised by nh3.

The body was sanitised at ingest, but a mirror serves this page to its readers as is, so it is
cleaned again here against our own allow-list: nothing that reaches a mirror can carry script.
"""

from __future__ import annotations

import html

import nh3

from shared.models import Article, ArticleVersion

BODY_TAGS = {"p", "br", "a", "em", "strong", "b", "i", "blockquote", "ul", "ol", "li", "h2", "h3", "h4",
             "figure", "figcaption"}
BODY_ATTRIBUTES = {"a": {"href", "title"}}


def render(article: Article, version: ArticleVersion, url: str) -> str:
    """The complete HTML5 document of one article version; ``url`` is its canonical address."""
    body = nh3.clean(version.body_html, tags=BODY_TAGS, attributes=BODY_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener nofollow")
    text = html.escape
    byline = f'<p class="byline">{text(version.byline)}</p>\n' if version.byline else ""
    dateline = f'<p class="dateline">{text(version.dateline)}</p>\n' if version.dateline else ""
    published = version.versioncreated.isoformat() if version.versioncreated else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{text(version.language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{text(version.headline)}</title>\n"
        f'<link rel="canonical" href="{text(url)}">\n'
        f'<meta name="description" content="{text(version.summary)}">\n</head>\n<body>\n'
        f'<article data-guid="{text(article.guid)}" data-version="{version.number}">\n'
        f"<h1>{text(version.headline)}</h1>\n{byline}{dateline}"
        f'<time datetime="{text(published)}">{text(published)}</time>\n'
        f"{body}\n</article>\n</body>\n</html>\n"
    )
