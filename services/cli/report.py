"""How the CLI shows an article's enrichment and the feed addresses (rich tables)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.table import Table

from shared.enrichment import Enrichment

console = Console()


def show_article(data: dict[str, Any]) -> None:
    """One article: headline, status, its places and its entities."""
    console.rule(f"[bold]{data.get('headline') or '(no headline)'}")
    console.print(f"id {data['id']}  status [bold]{data['status']}[/]  country {data.get('country_code') or '-'}")
    enrichment = _enrichment(data)
    places = Table("place", "geonameid", "country", "division", "lat", "lon", "disputed", "confidence",
                   title="places")
    for place in enrichment.places:
        places.add_row(place.name, str(place.geonameid or "-"), place.country_code or "-", place.admin1_name or "-",
                       _coord(place.lat), _coord(place.lon), ",".join(place.disputed),
                       "-" if place.confidence is None else f"{place.confidence:.2f}")
    console.print(places)
    entities = Table("label", "name", "mentions", title="entities")
    for entity in enrichment.entities:
        entities.add_row(entity.label, entity.name, str(len(entity.mentions)))
    console.print(entities)


def _enrichment(data: dict[str, Any]) -> Enrichment:
    """The enrichment in an article's HTTP body (none yet: an empty one)."""
    return Enrichment.model_validate(data.get("enrichment") or {})


def _coord(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def show_feeds(base: str, articles: Iterable[dict[str, Any]]) -> None:
    """The feed URLs worth opening after the demo."""
    console.rule("[bold]feeds")
    for fmt in ("atom", "rss", "json"):
        console.print(f"{base}/feeds/all.{fmt}")
    seen: set[int] = set()
    for data in articles:
        for place in _enrichment(data).places:
            if place.geonameid and place.geonameid not in seen and len(seen) < 6:
                seen.add(place.geonameid)
                console.print(f"{base}/feeds/places/{place.geonameid}.atom  ({place.name})")


def show_links(base: str) -> None:
    """Where to look next: the live console and the API's documentation."""
    console.rule("[bold]open")
    console.print(f"{base}/console  (the pipeline, live)")
    console.print(f"{base}/docs  (the API, interactive)")
