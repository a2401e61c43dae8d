"""``newsflow search``: find published articles from the terminal, as a table, one JSON page or NDJSON export."""

from __future__ import annotations

import sys

import click
import orjson
from rich.console import Console
from rich.table import Table
from rich.text import Text

from services.cli.common import friendly_errors


@click.command()
@click.argument("words", required=False)
@click.option("--place", help="GeoNames id of a place the article mentions.")
@click.option("--contained", is_flag=True, help="With --place: also the places inside it (a country's towns).")
@click.option("--near", metavar="LAT,LON,KM", help="Mentions a place within KM of the point.")
@click.option("--bbox", metavar="W,S,E,N", help="Mentions a place inside the box.")
@click.option("--country", help="Mentions a place in this country (ISO code).")
@click.option("--focus-country", help="The story's own country (ISO code).")
@click.option("--entity", help="Entity id or name.")
@click.option("--source", help="The source (wire service).")
@click.option("--language", help="Language code (en, fr).")
@click.option("--status", help="received, enriched, published (default), held or failed.")
@click.option("--since", help="From: a date, a date-time with offset, or a time ago (30m, 12h, 7d, 2w).")
@click.option("--until", help="Before: same forms as --since.")
@click.option("--updated-since", help="Changed since: same forms as --since.")
@click.option("--sort", help="relevance (the default with words) or newest.")
@click.option("--fields", help="Comma-separated fields for --json/--ndjson (default: all but body).")
@click.option("--limit", type=click.IntRange(1, 100), default=20, show_default=True, help="Results on the page.")
@click.option("--cursor", help="Continue after the page that printed this next_cursor (--json).")
@click.option("--json", "as_json", is_flag=True, help="Print one page as JSON, with the next page's cursor.")
@click.option("--ndjson", is_flag=True, help="Print every match, one JSON object a line.")
@friendly_errors
def search(words: str | None, place: str | None, contained: bool, near: str | None, bbox: str | None,
           country: str | None, focus_country: str | None, entity: str | None, source: str | None,
           language: str | None, status: str | None, since: str | None, until: str | None,
           updated_since: str | None, sort: str | None, fields: str | None, limit: int, cursor: str | None,
           as_json: bool, ndjson: bool) -> None:
    """Find articles by WORDS (web-search syntax: "a phrase", -excluded, this OR that) and filters."""
    from services.publish.search import listing, results
    from services.publish.search.filters import read_filters
    from shared.db import session_scope

    if as_json and ndjson:
        raise click.UsageError("--json and --ndjson: choose one")
    filters = read_filters(q=words, place=place, include="contained" if contained else None, near=near, bbox=bbox,
                           country=country, focus_country=focus_country, entity=entity, source=source,
                           language=language, status=status, since=since, until=until,
                           updated_since=updated_since, sort=sort)
    chosen = results.read_fields(fields)
    if ndjson:
        for batch in listing.export(filters, chosen):
            sys.stdout.buffer.write(b"".join(orjson.dumps(result) + b"\n" for result in batch))
        return
    with session_scope() as session:
        found = listing.find(session, filters, chosen if as_json else results.DEFAULT_FIELDS, limit, cursor)
    if as_json:
        click.echo(orjson.dumps({"results": found.results, "next_cursor": found.next_cursor},
                                option=orjson.OPT_INDENT_2).decode())
        return
    table = Table("date", "source", "headline", "places", "link")
    for result in found.results:
        # Text, not markup: a source's "[link=…]" or "[red]" in a headline is printed as written
        table.add_row(*(Text(value) for value in (
            result["date"][:16].replace("T", " "), result["source"], result["headline"],
            ", ".join(place["name"] for place in result["places"][:3]), result["url"])))
    Console().print(table)
    if not found.results:
        click.echo("no articles match", err=True)
    elif found.next_cursor:
        click.echo(f"more: --cursor {found.next_cursor} (or --ndjson for every match)", err=True)
