"""The article as a web page: a full HTML5 document for /articles/{id} and for mirrors whose ``format`` is html.

The body was sanitised at ingest, but a mirror serves this page to its readers as is, so it is cleaned
again here against our own allow-list: nothing that reaches a reader can carry script. Every other text is
escaped. The page loads nothing: its map is inline SVG (pagemap.py), its style inline.
"""

from __future__ import annotations

import html

import nh3

from services.publish import pagemap
from shared.enrichment import Enrichment
from shared.known import EntityIds
from shared.links import article_url, feed_url
from shared.models import Article, ArticleVersion

BODY_TAGS = {"p", "br", "a", "em", "strong", "b", "i", "blockquote", "ul", "ol", "li", "h2", "h3", "h4",
             "figure", "figcaption"}
BODY_ATTRIBUTES = {"a": {"href", "title"}}
ENTITY_KINDS = {"PERSON": "person", "ORG": "organisation", "NORP": "group", "EVENT": "event", "FAC": "building",
                "GPE": "place", "LOC": "place"}
STYLE = ("body{font:17px/1.5 Georgia,serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#222}"
         ".map{width:100%;background:#dfeaf2;border:1px solid #bcc}.map path{fill:#f4f1e8;stroke:#999;"
         "stroke-width:.1}.map circle{fill:#c0392b;stroke:#fff;stroke-width:.15}"
         ".byline,.dateline,time,.kind{color:#555;font-size:.9em}")
# The page's own policy: no script, nothing from any host, our inline style only.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def render(article: Article, version: ArticleVersion, url: str, entity_ids: EntityIds | None = None) -> str:
    """The complete HTML5 document of one article version; ``url`` is its canonical address."""
    body = nh3.clean(version.body_html, tags=BODY_TAGS, attributes=BODY_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener nofollow")
    text = html.escape
    byline = f'<p class="byline">{text(version.byline)}</p>\n' if version.byline else ""
    dateline = f'<p class="dateline">{text(version.dateline)}</p>\n' if version.dateline else ""
    published = version.versioncreated.isoformat() if version.versioncreated else ""
    enrichment = version.enrichment or Enrichment()
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{text(version.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{text(version.headline)}</title>\n"
        f'<link rel="canonical" href="{text(url)}">\n'
        f'<link rel="alternate" type="application/json" href="{text(article_url(article.id))}">\n'
        f'<meta name="description" content="{text(version.summary)}">\n<style>{STYLE}</style>\n</head>\n<body>\n'
        f'<article data-guid="{text(article.guid)}" data-version="{version.number}">\n'
        f"<h1>{text(version.headline)}</h1>\n{byline}{dateline}"
        f'<time datetime="{text(published)}">{text(published)}</time>\n'
        f"{body}\n{_places(enrichment)}{_entities(enrichment, entity_ids or {})}</article>\n</body>\n</html>\n"
    )


def _places(enrichment: Enrichment) -> str:
    """The map and the list of places, each linked to its feed."""
    if not enrichment.places:
        return ""
    items = []
    for place in enrichment.places:
        name = html.escape(place.name)
        label = (f'<a href="{html.escape(feed_url("places", place.geonameid))}">{name}</a>'
                 if place.geonameid is not None else name)
        where = ", ".join(html.escape(part) for part in (place.admin1_name, place.country_code) if part)
        disputed = (f' <span class="disputed">disputed: {html.escape(", ".join(place.disputed))}</span>'
                    if place.disputed else "")
        where = f' <span class="kind">{where}</span>' if where else ""
        items.append(f'<li data-geonameid="{place.geonameid or ""}">{label}{where}{disputed}</li>')
    return (f'<section class="places">\n<h2>Places</h2>\n{pagemap.svg(list(enrichment.places))}\n'
            f'<ul>{"".join(items)}</ul>\n</section>\n')


def _entities(enrichment: Enrichment, entity_ids: EntityIds) -> str:
    """The people, organisations and other names, each linked to its feed when it has one."""
    if not enrichment.entities:
        return ""
    items = []
    for entity in enrichment.entities:
        name, entity_id = html.escape(entity.name), entity_ids.get((entity.label, entity.name))
        label = (f'<a href="{html.escape(feed_url("entities", entity_id))}" data-entity-id="{entity_id}">{name}</a>'
                 if entity_id is not None else name)
        kind = ENTITY_KINDS.get(entity.label, entity.label.lower())
        items.append(f'<li>{label} <span class="kind">{html.escape(kind)}</span></li>')
    return f'<section class="entities">\n<h2>Named</h2>\n<ul>{"".join(items)}</ul>\n</section>\n'


def notice(title: str, message: str) -> str:
    """A short page saying why there is no article to show (withdrawn, unknown)."""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
            f"<style>{STYLE}</style>\n</head>\n<body>\n<h1>{html.escape(title)}</h1>\n"
            f"<p>{html.escape(message)}</p>\n</body>\n</html>\n")
