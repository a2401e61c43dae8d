"""Small readers of enrichments shared by the enrich tests."""

from __future__ import annotations

from shared.enrichment import Enrichment, Entity, Place


def place_named(enrichment: Enrichment, surface: str) -> Place:
    """The place one of whose mentions reads ``surface``."""
    return next(p for p in enrichment.places if any(m.text == surface for m in p.mentions))


def entity_named(enrichment: Enrichment, surface: str) -> Entity:
    """The entity one of whose mentions reads ``surface``."""
    return next(e for e in enrichment.entities if any(m.text == surface for m in e.mentions))


def place_surfaces(enrichment: Enrichment) -> set[str]:
    """Every text recognised as a place."""
    return {m.text for p in enrichment.places for m in p.mentions}
